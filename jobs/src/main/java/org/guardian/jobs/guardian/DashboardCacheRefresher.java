package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Refreshes {@code user_dashboard_cache} for a set of patients in one statement, each patient's
 * counts from that patient's own rows.
 */
final class DashboardCacheRefresher {

    /** Upserts the cache rows of the patients in CTE {@code targets(patient_id)}. */
    static final String UPSERT = """
            INSERT INTO public.user_dashboard_cache AS d (
                patient_id, active_medications_count, active_conditions_count, active_allergies_count,
                critical_allergies_count, recent_lab_results_count, requires_review_count,
                total_documents_count, total_relationships_count, avg_confidence_score,
                last_document_upload, last_lab_result_date, last_medication_change, last_condition_change,
                cache_updated_at, cache_generation_time_ms, summary_data)
            SELECT p.id, m.active, c.active, a.active, a.critical, l.recent,
                   m.review + c.review + a.review + l.review,
                   doc.n, rel.n, rel.avg_confidence,
                   doc.last_upload, l.last_date, m.last_change, c.last_change,
                   now(), (EXTRACT(EPOCH FROM clock_timestamp() - statement_timestamp()) * 1000)::integer,
                   jsonb_build_object('last_updated', now(),
                                      'medication_statuses', COALESCE(ms.counts, '{}'::jsonb),
                                      'condition_severities', COALESCE(cs.counts, '{}'::jsonb))
              FROM public.patients p
              JOIN (SELECT DISTINCT patient_id FROM targets) t ON t.patient_id = p.id
              CROSS JOIN LATERAL (
                    SELECT COUNT(*) FILTER (WHERE status = 'active') AS active,
                           COUNT(*) FILTER (WHERE requires_review) AS review, MAX(updated_at) AS last_change
                      FROM public.patient_medications WHERE patient_id = p.id AND archived IS NOT TRUE) m
              CROSS JOIN LATERAL (
                    SELECT COUNT(*) FILTER (WHERE status IN ('active', 'chronic')) AS active,
                           COUNT(*) FILTER (WHERE requires_review) AS review, MAX(updated_at) AS last_change
                      FROM public.patient_conditions WHERE patient_id = p.id AND archived IS NOT TRUE) c
              CROSS JOIN LATERAL (
                    SELECT COUNT(*) FILTER (WHERE status = 'active') AS active,
                           COUNT(*) FILTER (WHERE status = 'active' AND severity IN ('severe', 'life_threatening')) AS critical,
                           COUNT(*) FILTER (WHERE requires_review) AS review
                      FROM public.patient_allergies WHERE patient_id = p.id AND archived IS NOT TRUE) a
              CROSS JOIN LATERAL (
                    SELECT COUNT(*) FILTER (WHERE result_date > now() - INTERVAL '30 days') AS recent,
                           COUNT(*) FILTER (WHERE requires_review) AS review, MAX(result_date) AS last_date
                      FROM public.patient_lab_results WHERE patient_id = p.id AND archived IS NOT TRUE) l
              CROSS JOIN LATERAL (
                    SELECT COUNT(*) AS n, MAX(uploaded_at) AS last_upload
                      FROM public.documents WHERE user_id = p.id AND archived IS NOT TRUE) doc
              CROSS JOIN LATERAL (
                    SELECT COUNT(*) AS n, AVG(confidence_score)::numeric(4,3) AS avg_confidence
                      FROM public.medical_data_relationships WHERE patient_id = p.id AND archived IS NOT TRUE) rel
              CROSS JOIN LATERAL (
                    SELECT jsonb_object_agg(status, n) AS counts FROM (
                        SELECT status, COUNT(*) AS n FROM public.patient_medications
                         WHERE patient_id = p.id AND archived IS NOT TRUE GROUP BY status) s) ms
              CROSS JOIN LATERAL (
                    SELECT jsonb_object_agg(severity, n) AS counts FROM (
                        SELECT severity, COUNT(*) AS n FROM public.patient_conditions
                         WHERE patient_id = p.id AND archived IS NOT TRUE GROUP BY severity) s) cs
            ON CONFLICT (patient_id) DO UPDATE SET
                active_medications_count = EXCLUDED.active_medications_count,
                active_conditions_count = EXCLUDED.active_conditions_count,
                active_allergies_count = EXCLUDED.active_allergies_count,
                critical_allergies_count = EXCLUDED.critical_allergies_count,
                recent_lab_results_count = EXCLUDED.recent_lab_results_count,
                requires_review_count = EXCLUDED.requires_review_count,
                total_documents_count = EXCLUDED.total_documents_count,
                total_relationships_count = EXCLUDED.total_relationships_count,
                avg_confidence_score = EXCLUDED.avg_confidence_score,
                last_document_upload = EXCLUDED.last_document_upload,
                last_lab_result_date = EXCLUDED.last_lab_result_date,
                last_medication_change = EXCLUDED.last_medication_change,
                last_condition_change = EXCLUDED.last_condition_change,
                cache_updated_at = now(),
                cache_version = d.cache_version + 1,
                cache_generation_time_ms = EXCLUDED.cache_generation_time_ms,
                summary_data = EXCLUDED.summary_data
            RETURNING d.patient_id
            """;

    private static final String REFRESH_AND_DEQUEUE = """
            WITH claimed AS (SELECT * FROM unnest(?::uuid[], ?::bigint[]) AS c(patient_id, seq)),
                 targets AS (SELECT patient_id FROM claimed),
                 refreshed AS (%s),
                 dequeued AS (
                    DELETE FROM public.cache_invalidation_queue q USING claimed c
                     WHERE q.patient_id = c.patient_id AND q.cache_type = 'dashboard' AND q.seq = c.seq
                    RETURNING q.patient_id)
            SELECT (SELECT COUNT(*) FROM refreshed), (SELECT COUNT(*) FROM dequeued)
            """.formatted(UPSERT);

    private static final String REFRESH = """
            WITH targets AS (SELECT unnest(?::uuid[]) AS patient_id), refreshed AS (%s)
            SELECT COUNT(*) FROM refreshed
            """.formatted(UPSERT);

    private DashboardCacheRefresher() {
    }

    /**
     * Refreshes the claimed patients' cache rows and deletes their queue rows whose seq is still
     * the one claimed; returns {refreshed, dequeued}.
     */
    static long[] refreshAndDequeue(Connection connection, QueueClaim claim) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REFRESH_AND_DEQUEUE)) {
            statement.setArray(1, connection.createArrayOf("uuid", claim.patientIds().toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", claim.seqs().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Refreshes the cache rows of {@code patientIds}; returns how many were written. */
    static long refresh(Connection connection, List<UUID> patientIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REFRESH)) {
            statement.setArray(1, connection.createArrayOf("uuid", patientIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
