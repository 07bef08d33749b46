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
 * Grades this database's sessions against max_connections: active above half is a WARNING, idle
 * above a quarter a WARNING, all sessions above four fifths CRITICAL; lists the sessions per
 * application and state. It only reports: the active_connections alert runs it as its auto-response.
 */
public final class CheckConnectionPoolHealth implements Operation {
    private static final String HEALTH = """
            WITH s AS (SELECT COUNT(*) FILTER (WHERE state = 'active') AS active,
                              COUNT(*) FILTER (WHERE state = 'idle') AS idle,
                              COUNT(*) AS total,
                              current_setting('max_connections')::int AS max
                         FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend')
            SELECT metric, current_value, recommended_max,
                   CASE WHEN current_value > recommended_max THEN worst ELSE 'OK' END AS status, recommendation
              FROM s, LATERAL (VALUES
                   ('active_connections', active, max / 2, 'WARNING', 'Consider read replicas for analytics workloads'),
                   ('idle_connections', idle, max / 4, 'WARNING', 'Shorten the connection pools'' idle timeout'),
                   ('total_connections', total, max * 4 / 5, 'CRITICAL', 'Raise max_connections or pool the connections'))
                   AS m(metric, current_value, recommended_max, worst, recommendation)""";
    private static final String BY_APPLICATION = """
            SELECT COALESCE(NULLIF(application_name, ''), '(none)') AS application, state, COUNT(*) AS sessions
              FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'
             GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 20""";

    @Override
    public String name() {
        return "check_connection_pool_health";
    }

    @Override
    public String description() {
        return "Grades active, idle and total sessions of the database against max_connections, by application.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        List<Map<String, Object>> metrics = Jdbc.queryRows(connection, HEALTH);
        String status = metrics.stream().map(m -> (String) m.get("status"))
                .reduce("OK", (a, b) -> severity(b) > severity(a) ? b : a);
        return OperationResult.builder()
                .put("status", status)
                .put("metrics", metrics)
                .put("by_application", Jdbc.queryRows(connection, BY_APPLICATION))
                .build();
    }

    private static int severity(String status) {
        return List.of("OK", "WARNING", "CRITICAL").indexOf(status);
    }
}
