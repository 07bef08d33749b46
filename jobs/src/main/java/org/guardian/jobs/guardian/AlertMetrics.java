package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The current value of each metric the alert thresholds name, or null when it cannot be measured
 * (pg_stat_statements absent, no block reads yet, unknown metric).
 */
final class AlertMetrics {
    private final Connection connection;
    private final StatStatements statements;

    AlertMetrics(Connection connection, StatStatements statements) {
        this.connection = connection;
        this.statements = statements;
    }

    Double value(String metric) throws SQLException {
        return switch (metric) {
            case "cache_hit_ratio_percent" -> number("""
                    SELECT ROUND(SUM(heap_blks_hit) * 100.0 / NULLIF(SUM(heap_blks_hit) + SUM(heap_blks_read), 0), 2)
                      FROM pg_statio_user_tables""");
            case "active_connections" -> number(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND datname = current_database()");
            case "pending_cache_invalidations" -> number("SELECT COUNT(*) FROM public.cache_invalidation_queue");
            case "database_size_gb" -> number("SELECT pg_database_size(current_database()) / 1073741824.0");
            case "orphaned_relationships" -> number(
                    "SELECT COUNT(DISTINCT relationship_id) FROM public.orphaned_relationships");
            case "avg_query_duration_ms" -> statements == null ? null : number(
                    "SELECT SUM(" + statements.totalTime() + ") / NULLIF(SUM(calls), 0) FROM " + statements.relation()
                            + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
            case "slow_queries_per_minute" -> statements == null ? null : number(
                    "SELECT COUNT(*) FROM " + statements.relation() + " WHERE calls > 0 AND " + statements.meanTime() + " > 1000"
                            + " AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
            default -> null;
        };
    }

    private Double number(String sql) throws SQLException {
        Object value = Jdbc.queryValue(connection, sql);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
