package org.guardian.jobs.demo;

import java.util.List;

/** The generator's SQL, one set-based statement per step. OFFSET 0 keeps a random() evaluated once per row. */
final class DemoSql {
    static final List<String> TABLES = List.of("patients", "patient_medications", "patient_conditions",
            "patient_allergies", "patient_lab_results", "documents", "document_processing_stages",
            "medical_data_relationships", "audit_log", "cache_invalidation_queue");

    static final String PATIENTS = """
            CREATE TEMP TABLE demo_patients ON COMMIT DROP AS
            SELECT gen_random_uuid() AS id, g AS n, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
              FROM generate_series(1, ?) g""";

    private static final String PICK = "(ARRAY[%s])[1 + floor(random() * %d)::int]";

    private static String pick(String... values) {
        return PICK.formatted("'" + String.join("','", values) + "'", values.length);
    }

    static final List<String> STEPS = List.of(
            """
            INSERT INTO public.patients (id, full_name, date_of_birth, created_at)
            SELECT id, %s || ' ' || %s, DATE '1935-01-01' + floor(random() * 30000)::int,
                   now() - random() * INTERVAL '5 years'
              FROM demo_patients""".formatted(
                    pick("Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kim", "Luca"),
                    pick("Okafor", "Smith", "Nguyen", "Garcia", "Kowalski", "Haddad", "Silva", "Tanaka", "Murphy", "Rossi")),
            """
            INSERT INTO public.patient_medications (patient_id, medication_name, status, requires_review, confidence_score, updated_at)
            SELECT p.id, %s, %s, random() < 0.1, round((0.45 + random() * 0.55)::numeric, 3), now() - random() * INTERVAL '3 years'
              FROM demo_patients p CROSS JOIN LATERAL generate_series(1, floor(p.r1 * 6)::int) g""".formatted(
                    pick("metformin", "lisinopril", "atorvastatin", "amoxicillin", "levothyroxine", "albuterol",
                            "omeprazole", "sertraline", "warfarin", "insulin glargine"),
                    pick("active", "active", "active", "paused", "stopped", "completed")),
            """
            INSERT INTO public.patient_conditions (patient_id, condition_name, status, severity, requires_review, confidence_score, updated_at)
            SELECT p.id, %s, %s, %s, random() < 0.08, round((0.45 + random() * 0.55)::numeric, 3), now() - random() * INTERVAL '3 years'
              FROM demo_patients p CROSS JOIN LATERAL generate_series(1, 1 + floor(p.r2 * 4)::int) g""".formatted(
                    pick("type 2 diabetes", "hypertension", "asthma", "hypothyroidism", "depression", "GERD",
                            "atrial fibrillation", "hyperlipidemia"),
                    pick("active", "chronic", "chronic", "resolved"), pick("mild", "mild", "moderate", "severe")),
            """
            INSERT INTO public.patient_allergies (patient_id, allergen, status, severity, requires_review, confidence_score)
            SELECT p.id, %s, %s, %s, random() < 0.05, round((0.5 + random() * 0.5)::numeric, 3)
              FROM demo_patients p CROSS JOIN LATERAL generate_series(1, floor(p.r3 * 3)::int) g""".formatted(
                    pick("penicillin", "peanuts", "latex", "sulfa drugs", "shellfish", "aspirin"),
                    pick("active", "active", "inactive"), pick("mild", "moderate", "severe", "life_threatening")),
            """
            INSERT INTO public.patient_lab_results (patient_id, test_name, result_value, unit, result_date, requires_review, confidence_score)
            SELECT p.id, %s, round((random() * 200)::numeric, 1), 'mg/dL', now() - random() * INTERVAL '2 years',
                   random() < 0.06, round((0.5 + random() * 0.5)::numeric, 3)
              FROM demo_patients p CROSS JOIN LATERAL generate_series(1, floor(p.r4 * 8)::int) g""".formatted(
                    pick("HbA1c", "LDL cholesterol", "TSH", "creatinine", "glucose", "hemoglobin")),
            """
            INSERT INTO public.documents (user_id, title, content, uploaded_at, created_at)
            SELECT id, title, content, ts, ts FROM (
                SELECT p.id, %s AS title,
                       'Patient reviewed. Current medication ' || %s || ' continued; follow-up in ' ||
                       (1 + floor(random() * 12)::int) || ' weeks.' AS content,
                       now() - random() * INTERVAL '700 days' AS ts
                  FROM demo_patients p CROSS JOIN LATERAL generate_series(1, floor(p.r5 * 4)::int) g OFFSET 0) d""".formatted(
                    pick("Discharge summary", "Lab report", "Referral letter", "Clinic note", "Prescription"),
                    pick("metformin", "lisinopril", "atorvastatin", "albuterol", "warfarin")),
            """
            SELECT public.create_monthly_partition(t, m::date)
              FROM unnest(ARRAY['document_processing_stages', 'audit_log']) t,
                   generate_series(date_trunc('month', now() - INTERVAL '%d years'), date_trunc('month', now()) + INTERVAL '3 months',
                                   INTERVAL '1 month') m""".formatted(DemoDataGenerator.AUDIT_YEARS),
            """
            INSERT INTO public.document_processing_stages (document_id, stage, status, started_at, completed_at, processing_date)
            SELECT d.id, s.stage, 'completed', d.uploaded_at + s.k * INTERVAL '1 minute', d.uploaded_at + (s.k + 1) * INTERVAL '1 minute',
                   d.uploaded_at::date
              FROM public.documents d
              JOIN demo_patients p ON p.id = d.user_id
             CROSS JOIN (VALUES (0, 'ocr'), (1, 'extraction'), (2, 'validation')) s(k, stage)""",
            relationships("treats", "patient_medications", "patient_conditions", 1.0),
            relationships("indicates", "patient_lab_results", "patient_conditions", 0.5),
            relationships("documents", "documents", "patient_medications", 0.8),
            relationships("reaction_to", "patient_allergies", "patient_medications", 0.3),
            // Orphans: a few medications deleted and conditions archived after being linked.
            "DELETE FROM public.patient_medications WHERE patient_id IN (SELECT id FROM demo_patients) AND random() < 0.03",
            "UPDATE public.patient_conditions SET archived = true, updated_at = now()"
                    + " WHERE patient_id IN (SELECT id FROM demo_patients) AND random() < 0.02",
            """
            INSERT INTO public.audit_log (table_name, record_id, operation, reason, changed_by, changed_at, audit_date)
            SELECT %s, id, %s, 'demo data', 'demo-generator', ts, ts::date FROM (
                SELECT p.id, now() - random() * INTERVAL '%d years' AS ts
                  FROM demo_patients p CROSS JOIN generate_series(1, 5) g OFFSET 0) a""".formatted(
                    pick("patient_medications", "patient_conditions", "documents", "patient_lab_results"),
                    pick("INSERT", "UPDATE", "UPDATE", "DELETE"), DemoDataGenerator.AUDIT_YEARS));

    /** Links a fraction of the source records of the new patients to a random target record of the same patient. */
    private static String relationships(String type, String source, String target, double fraction) {
        String owner = source.equals("documents") ? "user_id" : "patient_id";
        String targetOwner = target.equals("documents") ? "user_id" : "patient_id";
        return """
                INSERT INTO public.medical_data_relationships
                    (patient_id, source_table, source_id, target_table, target_id, relationship_type, confidence_score,
                     requires_review, created_at)
                SELECT s.%2$s, '%4$s', s.id, '%5$s', t.id, '%1$s', round((0.4 + random() * 0.6)::numeric, 3), random() < 0.05,
                       now() - random() * INTERVAL '2 years'
                  FROM public.%4$s s
                  JOIN demo_patients p ON p.id = s.%2$s
                  CROSS JOIN LATERAL (SELECT id FROM public.%5$s x WHERE x.%3$s = s.%2$s AND x.archived IS NOT TRUE
                                       ORDER BY random() + (s.id IS NULL)::int LIMIT 1) t
                 WHERE random() < %6$s""".formatted(type, owner, targetOwner, source, target, fraction);
    }

    private DemoSql() {
    }
}
