package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Moves orphaned relationships into medical_data_relationships_archive, batch_size at a time,
 * each batch its own transaction (archive insert and live delete commit together or not at all),
 * until none are left, the budget is spent or the attempt is cancelled. The candidates are read
 * from the orphan view once, at the start; each batch re-checks only its own candidates.
 */
public final class CleanupOrphanedData implements Operation {
    static final String CANDIDATES = "SELECT DISTINCT relationship_id FROM public.orphaned_relationships ORDER BY 1";
    static final String ARCHIVE_BATCH = """
            WITH picked AS (
                SELECT r.id FROM public.medical_data_relationships r
                 WHERE r.id = ANY (?)
                   AND r.id IN (SELECT relationship_id FROM public.orphaned_relationships WHERE relationship_id = ANY (?))
                   FOR UPDATE OF r SKIP LOCKED),
                 moved AS (
                DELETE FROM public.medical_data_relationships r USING picked WHERE r.id = picked.id
                RETURNING r.*)
            INSERT INTO public.medical_data_relationships_archive
                (id, patient_id, source_table, source_id, target_table, target_id, relationship_type,
                 confidence_score, requires_review, archived, created_at, updated_at, archived_at, archive_reason)
            SELECT id, patient_id, source_table, source_id, target_table, target_id, relationship_type,
                   confidence_score, requires_review, archived, created_at, updated_at, now(), 'orphaned'
              FROM moved""";

    @Override
    public String name() {
        return "cleanup_orphaned_data";
    }

    @Override
    public String description() {
        return "Archives orphaned relationships in batches, one transaction per batch, within a time budget.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.integer("batch_size", 1000, 1, 1_000_000, "relationships archived per transaction"),
                ConfigKey.integer("max_duration_minutes", 45, 1, 1440, "no new batch starts after this many minutes"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        int batchSize = context.config().getInt("batch_size");
        Deadline deadline = Deadline.after(context.clock(), Duration.ofMinutes(context.config().getLong("max_duration_minutes")));
        Connection connection = context.connection();
        List<UUID> candidates = candidates(connection);
        long archived = 0;
        int batches = 0;
        boolean budgetExhausted = false;
        for (int from = 0; from < candidates.size(); from += batchSize) {
            context.checkCancelled();
            Array batch = connection.createArrayOf("uuid",
                    candidates.subList(from, Math.min(from + batchSize, candidates.size())).toArray());
            archived += Jdbc.inTransaction(connection, () -> Jdbc.update(connection, ARCHIVE_BATCH, batch, batch));
            batches++;
            if (deadline.passed() && from + batchSize < candidates.size()) {
                budgetExhausted = true;
                break;
            }
        }
        return OperationResult.builder()
                .put("candidates", candidates.size())
                .put("relationships_archived", archived)
                .put("batches", batches)
                .put("budget_exhausted", budgetExhausted)
                .build();
    }

    private static List<UUID> candidates(Connection connection) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (var statement = connection.prepareStatement(CANDIDATES); var rs = statement.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
