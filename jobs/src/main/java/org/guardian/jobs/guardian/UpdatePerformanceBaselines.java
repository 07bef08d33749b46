package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Establishes analytics_query_baselines from pg_stat_statements, with the column names of the
 * installed extension, refreshing every column of an existing baseline (its thresholds too). When
 * pg_stat_statements cannot be read the run succeeds and says why.
 */
public final class UpdatePerformanceBaselines implements Operation {
    @Override
    public String name() {
        return "update_performance_baselines";
    }

    @Override
    public String description() {
        return "Records baselines of frequently run, non-trivial queries from pg_stat_statements.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.integer("min_query_calls", 50, 1, Long.MAX_VALUE, "only queries called more often than this"),
                ConfigKey.number("min_mean_time_ms", 100, 0, 86_400_000, "only queries slower on average than this"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        StatStatementsState statements = StatStatementsState.detect(connection);
        if (!statements.present()) {
            return statements.describe(OperationResult.builder()).put("baselines_updated", 0).build();
        }
        int updated = Jdbc.update(connection, upsert(statements.view()),
                context.config().getLong("min_query_calls"), context.config().getDouble("min_mean_time_ms"));
        return statements.describe(OperationResult.builder()).put("baselines_updated", updated).build();
    }

    static String upsert(StatStatements s) {
        return """
                INSERT INTO public.analytics_query_baselines AS b
                    (query_hash, query_category, baseline_duration_ms, baseline_io_ms, baseline_rows_examined, calls,
                     measured_at, warning_threshold_ms, critical_threshold_ms, replica_recommended)
                SELECT md5(query),
                       CASE WHEN query ILIKE '%%user_dashboard_cache%%' THEN 'dashboard'
                            WHEN query ILIKE '%%data_quality_metrics%%' THEN 'reporting'
                            WHEN query ILIKE '%%audit_log%%' THEN 'compliance'
                            ELSE 'general' END,
                       mean, io, rows_examined, calls, now(), mean * 1.5, mean * 3.0, mean > 2000
                  FROM (SELECT query, SUM(calls) AS calls,
                               SUM(%1$s * calls) / NULLIF(SUM(calls), 0) AS mean,
                               SUM(%2$s) / NULLIF(SUM(calls), 0) AS io,
                               SUM(rows) AS rows_examined
                          FROM %3$s
                         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                         GROUP BY query) s
                 WHERE calls > ? AND mean > ?
                ON CONFLICT (query_hash) DO UPDATE SET
                    query_category = EXCLUDED.query_category,
                    baseline_duration_ms = EXCLUDED.baseline_duration_ms,
                    baseline_io_ms = EXCLUDED.baseline_io_ms,
                    baseline_rows_examined = EXCLUDED.baseline_rows_examined,
                    calls = EXCLUDED.calls,
                    measured_at = EXCLUDED.measured_at,
                    warning_threshold_ms = EXCLUDED.warning_threshold_ms,
                    critical_threshold_ms = EXCLUDED.critical_threshold_ms,
                    replica_recommended = EXCLUDED.replica_recommended
                """.formatted(s.meanTime(), s.ioTime(), s.relation());
    }
}
