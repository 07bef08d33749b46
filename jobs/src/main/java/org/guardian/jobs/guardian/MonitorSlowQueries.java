package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Lists slow queries from pg_stat_statements and grades them against their baselines, with the
 * column names of the installed extension. When pg_stat_statements cannot be read the run succeeds and says why.
 */
public final class MonitorSlowQueries implements Operation {
    @Override
    public String name() {
        return "monitor_slow_queries";
    }

    @Override
    public String description() {
        return "Reports queries slower than the threshold, graded against analytics_query_baselines.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.integer("min_calls", 5, 0, Long.MAX_VALUE, "only queries called more often than this"),
                ConfigKey.number("min_mean_time_ms", 1000, 0, 86_400_000, "only queries slower on average than this"),
                ConfigKey.integer("limit", 20, 1, 1000, "at most this many queries in the result"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        StatStatementsState statements = StatStatementsState.detect(connection);
        if (!statements.present()) {
            return statements.describe(OperationResult.builder()).put("slow_queries", 0).build();
        }
        List<Map<String, Object>> slow = Jdbc.queryRows(connection, query(statements.view()),
                context.config().getLong("min_calls"), context.config().getDouble("min_mean_time_ms"),
                context.config().getLong("limit"));
        long critical = slow.stream().filter(q -> "CRITICAL".equals(q.get("trend"))).count();
        return statements.describe(OperationResult.builder())
                .put("slow_queries", slow.size())
                .put("critical", critical)
                .put("queries", slow)
                .build();
    }

    static String query(StatStatements s) {
        return """
                WITH current_stats AS (
                    SELECT md5(query) AS query_hash, LEFT(regexp_replace(query, '\\s+', ' ', 'g'), 80) AS snippet,
                           %1$s AS mean_ms, calls, %2$s AS io_ms
                      FROM %3$s
                     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND calls > ? AND %1$s > ?)
                SELECT c.query_hash, c.snippet, ROUND(c.mean_ms::numeric, 2) AS avg_duration_ms, c.calls,
                       CASE WHEN b.query_hash IS NULL THEN 'NO_BASELINE'
                            WHEN c.mean_ms > b.critical_threshold_ms THEN 'CRITICAL'
                            WHEN c.mean_ms > b.warning_threshold_ms THEN 'WARNING'
                            WHEN c.mean_ms > b.baseline_duration_ms * 1.2 THEN 'DEGRADED'
                            ELSE 'NORMAL' END AS trend,
                       CASE WHEN c.io_ms > c.mean_ms * c.calls * 0.8 THEN 'Add indexes or use a read replica'
                            WHEN c.mean_ms > 5000 THEN 'Consider query optimization'
                            ELSE 'Monitor for patterns' END AS recommended_action
                  FROM current_stats c LEFT JOIN public.analytics_query_baselines b ON b.query_hash = c.query_hash
                 ORDER BY c.mean_ms DESC
                 LIMIT ?
                """.formatted(s.meanTime(), s.ioTime(), s.relation());
    }
}
