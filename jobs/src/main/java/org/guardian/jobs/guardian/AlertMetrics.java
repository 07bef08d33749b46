package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;

/**
 * The value of each metric the alert thresholds name, or null when it cannot be measured
 * (pg_stat_statements unavailable, no snapshot a measurement window old yet, unknown metric).
 * Gauges are read now; counters are rates over the window, from two statistics snapshots.
 */
final class AlertMetrics {
    static final Set<String> COUNTERS = Set.of("cache_hit_ratio_percent", "avg_query_duration_ms", "slow_queries_per_minute");
    private static final String PAIR = " FROM public.statistics_snapshots c, public.statistics_snapshots b"
            + " WHERE c.taken_at = ? AND b.taken_at = ?";
    private static final String SLOW_CALLS = """
            SELECT COALESCE(SUM(dc), 0) FROM (
                SELECT (cs.value->>0)::bigint - COALESCE((bs.value->>0)::bigint, 0) AS dc,
                       (cs.value->>1)::float8 - COALESCE((bs.value->>1)::float8, 0) AS dt
                  FROM jsonb_each(c.statements) cs LEFT JOIN jsonb_each(b.statements) bs ON bs.key = cs.key) d
             WHERE dc > 0 AND dt / dc > ?""";

    /** The slow calls of statements absent from the older snapshot: counted from zero, so maybe over-counted. */
    private static final String SLOW_CALLS_FROM_ZERO = """
            SELECT COALESCE(SUM((cs.value->>0)::bigint), 0) FROM jsonb_each(c.statements) cs
             WHERE b.statements -> cs.key IS NULL AND (cs.value->>0)::bigint > 0
               AND (cs.value->>1)::float8 / (cs.value->>0)::bigint > ?""";

    private final Connection connection;
    private final StatStatements statements;
    private final StatisticsSnapshots snapshots;
    private final double slowMs;

    AlertMetrics(Connection connection, StatStatements statements, StatisticsSnapshots snapshots, double slowMs) {
        this.connection = connection;
        this.statements = statements;
        this.snapshots = snapshots;
        this.slowMs = slowMs;
    }

    /** True when {@code metric} is a counter it can read, with no snapshot {@code windowSeconds} old yet. */
    boolean awaitsWindow(String metric, double windowSeconds) throws SQLException {
        boolean readable = metric.equals("cache_hit_ratio_percent") || (COUNTERS.contains(metric) && statements != null);
        return readable && snapshots.baseline(windowSeconds) == null;
    }

    /**
     * The relationships the orphaned_relationships view lists, counted once each in one pass over
     * the live relationships (the view's two halves and a DISTINCT cost several times as much).
     */
    static final String ORPHANED_RELATIONSHIPS = "SELECT COUNT(*) FROM public.medical_data_relationships r"
            + " JOIN public.relationship_types t ON t.type = r.relationship_type AND t.is_active"
            + " WHERE r.archived IS NOT TRUE"
            + " AND r.source_table = ANY (t.valid_source_tables) AND r.target_table = ANY (t.valid_target_tables)"
            + " AND (NOT EXISTS (SELECT 1 FROM public.medical_records m WHERE m.table_name = r.source_table"
            + " AND m.id = r.source_id AND m.archived IS NOT TRUE)"
            + " OR NOT EXISTS (SELECT 1 FROM public.medical_records m WHERE m.table_name = r.target_table"
            + " AND m.id = r.target_id AND m.archived IS NOT TRUE))";

    Double value(String metric, double windowSeconds) throws SQLException {
        if (!COUNTERS.contains(metric)) {
            return gauge(metric);
        }
        Timestamp base = snapshots.baseline(windowSeconds);
        return base == null ? null : counter(metric, base);
    }

    private Double gauge(String metric) throws SQLException {
        return switch (metric) {
            case "active_connections" -> number(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND datname = current_database()");
            case "pending_cache_invalidations" -> number("SELECT COUNT(*) FROM public.cache_invalidation_queue");
            case "database_size_gb" -> number("SELECT pg_database_size(current_database()) / 1073741824.0");
            case "orphaned_relationships" -> number(ORPHANED_RELATIONSHIPS);
            default -> null;
        };
    }

    private Double counter(String metric, Timestamp base) throws SQLException {
        Timestamp now = snapshots.now();
        return switch (metric) {
            case "cache_hit_ratio_percent" -> number("SELECT ROUND((c.blks_hit - b.blks_hit) * 100.0"
                    + " / NULLIF(c.blks_hit - b.blks_hit + c.blks_read - b.blks_read, 0), 2)" + PAIR
                    + " AND c.blks_hit >= b.blks_hit AND c.blks_read >= b.blks_read", now, base);
            case "avg_query_duration_ms" -> statements == null ? null : number(
                    "SELECT (c.total_time_ms - b.total_time_ms) / NULLIF(c.calls - b.calls, 0)" + PAIR
                            + " AND c.calls >= b.calls", now, base);
            case "slow_queries_per_minute" -> statements == null ? null : number("SELECT (" + SLOW_CALLS
                    + ") / (EXTRACT(EPOCH FROM c.taken_at - b.taken_at) / 60)" + PAIR
                    + " AND c.calls >= b.calls AND c.statements IS NOT NULL AND b.statements IS NOT NULL", slowMs, now, base);
            default -> null;
        };
    }

    /**
     * Of the slow-query rate over the window, the part from statements absent from the older
     * snapshot (its total time was below the slow threshold then): their calls before the window
     * count too, so the true rate lies between the rate minus this and the rate. Null when not measured.
     */
    Double slowRateCountedFromZero(double windowSeconds) throws SQLException {
        Timestamp base = snapshots.baseline(windowSeconds);
        return statements == null || base == null ? null : number("SELECT (" + SLOW_CALLS_FROM_ZERO
                + ") / (EXTRACT(EPOCH FROM c.taken_at - b.taken_at) / 60)" + PAIR
                + " AND c.calls >= b.calls AND c.statements IS NOT NULL AND b.statements IS NOT NULL", slowMs, snapshots.now(), base);
    }

    private Double number(String sql, Object... params) throws SQLException {
        Object value = Jdbc.queryValue(connection, sql, params);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
