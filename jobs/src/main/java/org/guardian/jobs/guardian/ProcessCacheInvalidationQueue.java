package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drains the dashboard cache invalidation queue in batches of one transaction each: claims up to
 * batch_size rows {@code FOR UPDATE SKIP LOCKED} (a concurrent processor takes other rows), then, in
 * a new statement whose snapshot follows the claim, refreshes the batch's cache rows and deletes the
 * claimed queue rows whose seq is unchanged. A writer re-queuing a claimed patient waits for the
 * batch's commit, then queues it anew.
 */
public final class ProcessCacheInvalidationQueue implements Operation {
    static final String CLAIM = """
            SELECT patient_id, seq FROM public.cache_invalidation_queue
             WHERE cache_type = 'dashboard'
             ORDER BY queued_at, seq
             LIMIT ?
               FOR UPDATE SKIP LOCKED
            """;

    @Override
    public String name() {
        return "process_cache_invalidation_queue";
    }

    @Override
    public String description() {
        return "Refreshes user_dashboard_cache for queued patients, batch by batch, within a time budget.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.integer("batch_size", 100, 1, 100_000, "queue rows claimed and refreshed per transaction"),
                ConfigKey.integer("max_batch_time_seconds", 25, 1, 86_400, "no new batch starts after this many seconds"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        int batchSize = context.config().getInt("batch_size");
        Deadline deadline = Deadline.after(context.clock(), Duration.ofSeconds(context.config().getLong("max_batch_time_seconds")));
        Connection connection = context.connection();
        long refreshed = 0;
        long dequeued = 0;
        int batches = 0;
        boolean budgetExhausted = false;
        while (true) {
            context.checkCancelled();
            long[] counts = Jdbc.inTransaction(connection, () -> processBatch(connection, batchSize));
            if (counts == null) {
                break;
            }
            batches++;
            refreshed += counts[0];
            dequeued += counts[1];
            if (deadline.passed()) {
                budgetExhausted = true;
                break;
            }
        }
        long remaining = Jdbc.queryLong(connection, "SELECT COUNT(*) FROM public.cache_invalidation_queue WHERE cache_type = 'dashboard'");
        return OperationResult.builder()
                .put("batches", batches)
                .put("patients_refreshed", refreshed)
                .put("queue_rows_deleted", dequeued)
                .put("queue_remaining", remaining)
                .put("budget_exhausted", budgetExhausted)
                .build();
    }

    /** One batch; null when nothing could be claimed. */
    private static long[] processBatch(Connection connection, int batchSize) throws SQLException {
        QueueClaim claim = claim(connection, batchSize);
        return claim.isEmpty() ? null : DashboardCacheRefresher.refreshAndDequeue(connection, claim);
    }

    static QueueClaim claim(Connection connection, int batchSize) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setInt(1, batchSize);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                    seqs.add(rs.getLong(2));
                }
            }
        }
        return new QueueClaim(ids, seqs);
    }
}
