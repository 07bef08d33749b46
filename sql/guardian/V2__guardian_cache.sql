-- Debounced dashboard cache (seed section 3). Writers only queue an invalidation; the
-- process_cache_invalidation_queue operation refreshes the cache for a whole batch at once.

CREATE SEQUENCE public.cache_invalidation_queue_seq;

-- seq changes every time an invalidation is (re-)queued, so the processor deletes only the
-- queue rows it read, unchanged: an invalidation re-queued while it refreshed survives.
CREATE TABLE public.cache_invalidation_queue (
    patient_id          UUID        NOT NULL,
    cache_type          TEXT        NOT NULL DEFAULT 'dashboard',
    queued_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    seq                 BIGINT      NOT NULL DEFAULT nextval('public.cache_invalidation_queue_seq'),
    invalidation_reason TEXT,
    PRIMARY KEY (patient_id, cache_type)
);
CREATE INDEX idx_cache_invalidation_queue_order ON public.cache_invalidation_queue (cache_type, queued_at, seq);

CREATE TABLE public.user_dashboard_cache (
    patient_id                UUID PRIMARY KEY REFERENCES public.patients (id) ON DELETE CASCADE,
    active_medications_count  INTEGER     NOT NULL DEFAULT 0,
    active_conditions_count   INTEGER     NOT NULL DEFAULT 0,
    active_allergies_count    INTEGER     NOT NULL DEFAULT 0,
    critical_allergies_count  INTEGER     NOT NULL DEFAULT 0,
    recent_lab_results_count  INTEGER     NOT NULL DEFAULT 0,
    recent_encounters_count   INTEGER     NOT NULL DEFAULT 0,
    recent_vitals_count       INTEGER     NOT NULL DEFAULT 0,
    requires_review_count     INTEGER     NOT NULL DEFAULT 0,
    total_documents_count     INTEGER     NOT NULL DEFAULT 0,
    total_relationships_count INTEGER     NOT NULL DEFAULT 0,
    avg_confidence_score      NUMERIC(4,3),
    last_document_upload      TIMESTAMPTZ,
    last_lab_result_date      TIMESTAMPTZ,
    last_encounter_date       TIMESTAMPTZ,
    last_medication_change    TIMESTAMPTZ,
    last_condition_change     TIMESTAMPTZ,
    cache_updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    cache_version             INTEGER     NOT NULL DEFAULT 1,
    cache_generation_time_ms  INTEGER,
    summary_data              JSONB       DEFAULT '{}',
    cache_hits                INTEGER     DEFAULT 0,
    cache_misses              INTEGER     DEFAULT 0
);
CREATE INDEX idx_user_dashboard_cache_updated ON public.user_dashboard_cache (cache_updated_at);
CREATE INDEX idx_user_dashboard_cache_performance
    ON public.user_dashboard_cache (cache_generation_time_ms) WHERE cache_generation_time_ms > 1000;

-- Statement-level triggers with transition tables: one queue upsert per statement, not per row
-- (a bulk load of 100,000 rows queues each patient once). Patients are queued in id order so
-- two concurrent writers cannot deadlock on the queue.
CREATE FUNCTION public.queue_dashboard_cache_invalidation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.cache_invalidation_queue AS q (patient_id, invalidation_reason)
        SELECT DISTINCT patient_id, TG_TABLE_NAME || '_change' FROM new_rows WHERE patient_id IS NOT NULL ORDER BY 1
        ON CONFLICT (patient_id, cache_type) DO UPDATE
            SET queued_at = now(), seq = nextval('public.cache_invalidation_queue_seq'),
                invalidation_reason = EXCLUDED.invalidation_reason;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO public.cache_invalidation_queue AS q (patient_id, invalidation_reason)
        SELECT patient_id, TG_TABLE_NAME || '_change'
          FROM (SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows) changed
         WHERE patient_id IS NOT NULL ORDER BY 1
        ON CONFLICT (patient_id, cache_type) DO UPDATE
            SET queued_at = now(), seq = nextval('public.cache_invalidation_queue_seq'),
                invalidation_reason = EXCLUDED.invalidation_reason;
    ELSE
        INSERT INTO public.cache_invalidation_queue AS q (patient_id, invalidation_reason)
        SELECT DISTINCT patient_id, TG_TABLE_NAME || '_change' FROM old_rows WHERE patient_id IS NOT NULL ORDER BY 1
        ON CONFLICT (patient_id, cache_type) DO UPDATE
            SET queued_at = now(), seq = nextval('public.cache_invalidation_queue_seq'),
                invalidation_reason = EXCLUDED.invalidation_reason;
    END IF;
    RETURN NULL;
END $$;

-- documents name their patient user_id (as in the seed).
CREATE FUNCTION public.queue_dashboard_cache_invalidation_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.cache_invalidation_queue AS q (patient_id, invalidation_reason)
        SELECT DISTINCT user_id, 'document_change' FROM new_rows WHERE user_id IS NOT NULL ORDER BY 1
        ON CONFLICT (patient_id, cache_type) DO UPDATE
            SET queued_at = now(), seq = nextval('public.cache_invalidation_queue_seq'),
                invalidation_reason = EXCLUDED.invalidation_reason;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO public.cache_invalidation_queue AS q (patient_id, invalidation_reason)
        SELECT user_id, 'document_change'
          FROM (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows) changed
         WHERE user_id IS NOT NULL ORDER BY 1
        ON CONFLICT (patient_id, cache_type) DO UPDATE
            SET queued_at = now(), seq = nextval('public.cache_invalidation_queue_seq'),
                invalidation_reason = EXCLUDED.invalidation_reason;
    ELSE
        INSERT INTO public.cache_invalidation_queue AS q (patient_id, invalidation_reason)
        SELECT DISTINCT user_id, 'document_change' FROM old_rows WHERE user_id IS NOT NULL ORDER BY 1
        ON CONFLICT (patient_id, cache_type) DO UPDATE
            SET queued_at = now(), seq = nextval('public.cache_invalidation_queue_seq'),
                invalidation_reason = EXCLUDED.invalidation_reason;
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t TEXT;
    fn TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['patient_medications', 'patient_conditions', 'patient_allergies',
                             'patient_lab_results', 'medical_data_relationships', 'documents'] LOOP
        fn := CASE WHEN t = 'documents' THEN 'queue_dashboard_cache_invalidation_documents'
                   ELSE 'queue_dashboard_cache_invalidation' END;
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION public.%I()', t || '_queue_cache_ins', t, fn);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION public.%I()', t || '_queue_cache_upd', t, fn);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON public.%I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION public.%I()', t || '_queue_cache_del', t, fn);
    END LOOP;
END $$;
