package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retires whole audit_log partitions older than the retention, each in one transaction: archives its
 * rows into audit_log_archive when asked, then detaches and drops it
 * ({@code public.retire_audit_log_partition}, run as the table's owner). A transaction waits at most
 * lock_timeout_ms for a lock, so audit writers never queue long behind it; when a lock is not granted
 * the run stops there, succeeds and says to retry later.
 */
public final class AuditLogCleanup implements Operation {
    private static final List<String> LOCK_NOT_GRANTED = List.of("55P03", "40P01");
    private static final String EXPIRED = """
            SELECT partition_name, range_start, range_end
              FROM public.monthly_partitions
             WHERE parent_table = 'audit_log' AND range_end <= ?
             ORDER BY range_start""";

    @Override
    public String name() {
        return "audit_log_cleanup";
    }

    @Override
    public String description() {
        return "Retires audit_log partitions older than the retention, archiving their rows first if asked.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.integer("retention_years", 7, 1, 100, "audit rows younger than this are kept"),
                ConfigKey.bool("archive_before_delete", true, "copy a partition's rows into audit_log_archive before dropping it"),
                ConfigKey.integer("lock_timeout_ms", 2000, 1, 600_000, "longest wait for a lock before retrying later"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        LocalDate cutoff = LocalDate.now(context.clock()).minusYears(context.config().getLong("retention_years"));
        boolean archive = context.config().getBoolean("archive_before_delete");
        List<Map<String, Object>> retired = new ArrayList<>();
        String lockTimeout = context.config().getLong("lock_timeout_ms") + "ms";
        long archivedRows = 0;
        String retryLater = null;
        for (Map<String, Object> partition : Jdbc.queryRows(connection, EXPIRED, Date.valueOf(cutoff))) {
            context.checkCancelled();
            String name = (String) partition.get("partition_name");
            long rows;
            try {
                rows = retire(connection, name, archive, lockTimeout);
            } catch (SQLException busy) {
                if (!LOCK_NOT_GRANTED.contains(busy.getSQLState())) {
                    throw busy;
                }
                retryLater = name + ": " + busy.getMessage();
                break;
            }
            archivedRows += archive ? rows : 0;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("partition", partition.get("partition_name"));
            entry.put("rows", rows);
            retired.add(entry);
        }
        return OperationResult.builder()
                .put("cutoff", cutoff.toString())
                .put("partitions_retired", retired.size())
                .put("rows_archived", archivedRows)
                .put("retired", retired)
                .put("retry_later", retryLater != null)
                .put("lock_not_granted", retryLater)
                .build();
    }

    private static long retire(Connection connection, String partition, boolean archive, String lockTimeout)
            throws SQLException {
        return Jdbc.inTransaction(connection, () -> {
            Jdbc.queryValue(connection, "SELECT set_config('lock_timeout', ?, true)", lockTimeout);
            return Jdbc.queryLong(connection, "SELECT public.retire_audit_log_partition(?, ?)", partition, archive);
        });
    }
}
