package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Refreshes data_quality_metrics concurrently and reports it, optionally with table statistics. */
public final class RefreshDataQualityMetrics implements Operation {
    @Override
    public String name() {
        return "refresh_data_quality_metrics";
    }

    @Override
    public String description() {
        return "REFRESH MATERIALIZED VIEW CONCURRENTLY data_quality_metrics; reports records, reviews and low confidence per table.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.bool("include_performance_stats", true,
                "add scans and dead tuples of each table (pg_stat_user_tables) to the result"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        Jdbc.execute(connection, "REFRESH MATERIALIZED VIEW CONCURRENTLY public.data_quality_metrics");
        context.checkCancelled();
        OperationResult.Builder result = OperationResult.builder().put("tables", Jdbc.queryRows(connection, """
                SELECT table_name, total_records, pending_review, low_confidence,
                       ROUND(avg_confidence, 3) AS avg_confidence, archived_count, table_size
                  FROM public.data_quality_metrics ORDER BY table_name"""));
        if (context.config().getBoolean("include_performance_stats")) {
            result.put("performance_stats", Jdbc.queryRows(connection, """
                    SELECT s.relname AS table_name, s.seq_scan, s.idx_scan, s.n_live_tup, s.n_dead_tup
                      FROM pg_stat_user_tables s JOIN public.data_quality_metrics q ON q.table_name = s.relname
                     WHERE s.schemaname = 'public' ORDER BY s.relname"""));
        }
        return result.build();
    }
}
