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
 * dropping it. A partition holding any day inside the retention is never touched.
 */
public final class AuditLogCleanup implements Operation {
    private static final String EXPIRED = """
            SELECT quote_ident(partition_name) AS quoted, partition_name, range_start, range_end
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
            String quoted = (String) partition.get("quoted");
            long rows = Jdbc.inTransaction(connection, () -> retire(connection, quoted, archive));
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

    /** Returns the partition's row count. */
    private static long retire(Connection connection, String quotedPartition, boolean archive) throws SQLException {
        String partition = "public." + quotedPartition;
        // Writers to audit_log wait (readers do not) so no row lands in the partition after the copy;
        // the parent is locked first, in the order inserts take their locks.
        Jdbc.execute(connection, "LOCK TABLE public.audit_log IN SHARE ROW EXCLUSIVE MODE");
        long rows = Jdbc.queryLong(connection, "SELECT COUNT(*) FROM " + partition);
        if (archive) {
            Jdbc.update(connection, "INSERT INTO public.audit_log_archive"
                    + " (id, table_name, record_id, operation, reason, changed_by, changed_at, audit_date)"
                    + " SELECT id, table_name, record_id, operation, reason, changed_by, changed_at, audit_date FROM " + partition
                    + " ON CONFLICT DO NOTHING");
        }
        Jdbc.execute(connection, "ALTER TABLE public.audit_log DETACH PARTITION " + partition);
        Jdbc.execute(connection, "DROP TABLE " + partition);
        return rows;
    }
}
