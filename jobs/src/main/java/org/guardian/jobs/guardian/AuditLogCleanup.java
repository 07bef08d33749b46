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
 * Retires whole audit_log partitions whose entire range is older than the retention: each in one
 * transaction, archiving its rows into audit_log_archive first when asked, then detaching and
 * dropping it ({@code public.retire_audit_log_partition}, which runs as the table's owner). A
 * partition holding any day inside the retention is never touched.
 */
public final class AuditLogCleanup implements Operation {
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
                ConfigKey.bool("archive_before_delete", true, "copy a partition's rows into audit_log_archive before dropping it"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        LocalDate cutoff = LocalDate.now(context.clock()).minusYears(context.config().getLong("retention_years"));
        boolean archive = context.config().getBoolean("archive_before_delete");
        List<Map<String, Object>> retired = new ArrayList<>();
        long archivedRows = 0;
        for (Map<String, Object> partition : Jdbc.queryRows(connection, EXPIRED, Date.valueOf(cutoff))) {
            context.checkCancelled();
            String name = (String) partition.get("partition_name");
            long rows = Jdbc.inTransaction(connection, () -> Jdbc.queryLong(connection,
                    "SELECT public.retire_audit_log_partition(?, ?)", name, archive));
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
                .build();
    }
}
