-- Guardian clinical schema (seed sections 2.1, 3.2, 7.1): the tables the maintenance operations
-- work on. Flyway runs with search_path = orchestrator, so every Guardian object is qualified
-- with public. Clinical tables are minimal: the columns the operations and the cache read.

CREATE TABLE public.patients (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    full_name     TEXT        NOT NULL,
    date_of_birth DATE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE public.patient_medications (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id       UUID        NOT NULL REFERENCES public.patients (id) ON DELETE CASCADE,
    medication_name  TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'stopped', 'completed')),
    requires_review  BOOLEAN     NOT NULL DEFAULT false,
    confidence_score NUMERIC(4,3) CHECK (confidence_score BETWEEN 0 AND 1),
    archived         BOOLEAN     NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_patient_medications_patient_status
    ON public.patient_medications (patient_id, status) WHERE archived IS NOT TRUE;

CREATE TABLE public.patient_conditions (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id       UUID        NOT NULL REFERENCES public.patients (id) ON DELETE CASCADE,
    condition_name   TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'chronic', 'resolved')),
    severity         TEXT        NOT NULL DEFAULT 'mild' CHECK (severity IN ('mild', 'moderate', 'severe')),
    requires_review  BOOLEAN     NOT NULL DEFAULT false,
    confidence_score NUMERIC(4,3) CHECK (confidence_score BETWEEN 0 AND 1),
    archived         BOOLEAN     NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_patient_conditions_patient_status
    ON public.patient_conditions (patient_id, status) WHERE archived IS NOT TRUE;

CREATE TABLE public.patient_allergies (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id       UUID        NOT NULL REFERENCES public.patients (id) ON DELETE CASCADE,
    allergen         TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    severity         TEXT        NOT NULL DEFAULT 'mild' CHECK (severity IN ('mild', 'moderate', 'severe', 'life_threatening')),
    requires_review  BOOLEAN     NOT NULL DEFAULT false,
    confidence_score NUMERIC(4,3) CHECK (confidence_score BETWEEN 0 AND 1),
    archived         BOOLEAN     NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_patient_allergies_patient_status
    ON public.patient_allergies (patient_id, status) WHERE archived IS NOT TRUE;

CREATE TABLE public.patient_lab_results (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id       UUID        NOT NULL REFERENCES public.patients (id) ON DELETE CASCADE,
    test_name        TEXT        NOT NULL,
    result_value     NUMERIC,
    unit             TEXT,
    result_date      TIMESTAMPTZ NOT NULL DEFAULT now(),
    requires_review  BOOLEAN     NOT NULL DEFAULT false,
    confidence_score NUMERIC(4,3) CHECK (confidence_score BETWEEN 0 AND 1),
    archived         BOOLEAN     NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_patient_lab_results_patient_date
    ON public.patient_lab_results (patient_id, result_date) WHERE archived IS NOT TRUE;

-- The seed names the owning patient of a document user_id.
CREATE TABLE public.documents (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     UUID        NOT NULL REFERENCES public.patients (id) ON DELETE CASCADE,
    title       TEXT        NOT NULL,
    content     TEXT        NOT NULL DEFAULT '',
    archived    BOOLEAN     NOT NULL DEFAULT false,
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_documents_user ON public.documents (user_id) WHERE archived IS NOT TRUE;
CREATE INDEX idx_documents_content_gin ON public.documents USING GIN (to_tsvector('english', content));

-- Every clinical record as (table_name, id, patient_id, archived): what relationships point at.
CREATE VIEW public.medical_records AS
    SELECT 'patient_medications'::text AS table_name, id, patient_id, archived FROM public.patient_medications
    UNION ALL SELECT 'patient_conditions', id, patient_id, archived FROM public.patient_conditions
    UNION ALL SELECT 'patient_allergies', id, patient_id, archived FROM public.patient_allergies
    UNION ALL SELECT 'patient_lab_results', id, patient_id, archived FROM public.patient_lab_results
    UNION ALL SELECT 'documents', id, user_id, archived FROM public.documents;

CREATE TABLE public.relationship_types (
    type                TEXT PRIMARY KEY,
    description         TEXT,
    valid_source_tables TEXT[]  NOT NULL,
    valid_target_tables TEXT[]  NOT NULL,
    is_active           BOOLEAN NOT NULL DEFAULT true
);
INSERT INTO public.relationship_types (type, description, valid_source_tables, valid_target_tables) VALUES
    ('treats', 'a medication treats a condition', '{patient_medications}', '{patient_conditions}'),
    ('indicates', 'a lab result indicates a condition', '{patient_lab_results}', '{patient_conditions}'),
    ('documents', 'a document records a fact', '{documents}', '{patient_medications,patient_conditions,patient_allergies}'),
    ('reaction_to', 'an allergy is a reaction to a medication', '{patient_allergies}', '{patient_medications}');

-- Polymorphic links between clinical records. patient_id (the owner) is denormalised so the
-- dashboard cache can count a patient's relationships without resolving both ends.
CREATE TABLE public.medical_data_relationships (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id        UUID        NOT NULL,
    source_table      TEXT        NOT NULL CHECK (source_table IN
                      ('patient_medications', 'patient_conditions', 'patient_allergies', 'patient_lab_results', 'documents')),
    source_id         UUID        NOT NULL,
    target_table      TEXT        NOT NULL CHECK (target_table IN
                      ('patient_medications', 'patient_conditions', 'patient_allergies', 'patient_lab_results', 'documents')),
    target_id         UUID        NOT NULL,
    relationship_type TEXT        NOT NULL REFERENCES public.relationship_types (type),
    confidence_score  NUMERIC(4,3) CHECK (confidence_score BETWEEN 0 AND 1),
    requires_review   BOOLEAN     NOT NULL DEFAULT false,
    archived          BOOLEAN     NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_medical_relationships_source
    ON public.medical_data_relationships (source_table, source_id) WHERE archived IS NOT TRUE;
CREATE INDEX idx_medical_relationships_target
    ON public.medical_data_relationships (target_table, target_id) WHERE archived IS NOT TRUE;
CREATE INDEX idx_medical_relationships_requires_review
    ON public.medical_data_relationships (requires_review) WHERE requires_review = TRUE AND archived IS NOT TRUE;
CREATE INDEX idx_medical_relationships_patient
    ON public.medical_data_relationships (patient_id) WHERE archived IS NOT TRUE;

-- Where cleanup_orphaned_data moves orphaned relationships (a row leaves the live table in the
-- same transaction as it arrives here).
CREATE TABLE public.medical_data_relationships_archive (
    id                UUID PRIMARY KEY,
    patient_id        UUID        NOT NULL,
    source_table      TEXT        NOT NULL,
    source_id         UUID        NOT NULL,
    target_table      TEXT        NOT NULL,
    target_id         UUID        NOT NULL,
    relationship_type TEXT        NOT NULL,
    confidence_score  NUMERIC(4,3),
    requires_review   BOOLEAN     NOT NULL,
    archived          BOOLEAN     NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    archived_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    archive_reason    TEXT        NOT NULL DEFAULT 'orphaned'
);

-- The seed's detect_orphaned_relationships() as one set-based view: a live relationship of an
-- active type, on a valid table pair, whose source or target record is missing or archived.
-- A relationship missing both ends appears twice, as in the seed.
CREATE VIEW public.orphaned_relationships AS
    SELECT 'missing_source'::text AS orphan_type, r.id AS relationship_id, r.source_table, r.source_id,
           r.target_table, r.target_id, r.relationship_type, r.created_at,
           (current_date - r.created_at::date) AS orphan_age_days
      FROM public.medical_data_relationships r
      JOIN public.relationship_types t ON t.type = r.relationship_type AND t.is_active
     WHERE r.archived IS NOT TRUE
       AND r.source_table = ANY (t.valid_source_tables) AND r.target_table = ANY (t.valid_target_tables)
       AND NOT EXISTS (SELECT 1 FROM public.medical_records m
                        WHERE m.table_name = r.source_table AND m.id = r.source_id AND m.archived IS NOT TRUE)
    UNION ALL
    SELECT 'missing_target', r.id, r.source_table, r.source_id, r.target_table, r.target_id,
           r.relationship_type, r.created_at, (current_date - r.created_at::date)
      FROM public.medical_data_relationships r
      JOIN public.relationship_types t ON t.type = r.relationship_type AND t.is_active
     WHERE r.archived IS NOT TRUE
       AND r.source_table = ANY (t.valid_source_tables) AND r.target_table = ANY (t.valid_target_tables)
       AND NOT EXISTS (SELECT 1 FROM public.medical_records m
                        WHERE m.table_name = r.target_table AND m.id = r.target_id AND m.archived IS NOT TRUE);
