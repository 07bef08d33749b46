package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Moves orphaned relationships into medical_data_relationships_archive, batch_size at a time,
 * each batch its own transaction (archive insert and live delete commit together or not at all),
 * until none are left, the budget is spent or the attempt is cancelled.
 */
public final class CleanupOrphanedData implements Operation {
    static final String ARCHIVE_BATCH = """
            WITH picked AS (
                SELECT r.id FROM public.medical_data_relationships r
                 WHERE r.id IN (SELECT relationship_id FROM public.orphaned_relationships)
                 ORDER BY r.id LIMIT ?
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
        long archived = 0;
        int batches = 0;
        boolean budgetExhausted = false;
        while (true) {
            context.checkCancelled();
            int moved = Jdbc.inTransaction(connection, () -> Jdbc.update(connection, ARCHIVE_BATCH, batchSize));
            if (moved == 0) {
                break;
            }
            archived += moved;
            batches++;
            if (deadline.passed()) {
                budgetExhausted = true;
                break;
            }
        }
        return OperationResult.builder()
                .put("relationships_archived", archived)
                .put("batches", batches)
                .put("budget_exhausted", budgetExhausted)
                .build();
    }
}
