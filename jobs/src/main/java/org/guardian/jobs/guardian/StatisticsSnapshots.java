package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The rows of public.statistics_snapshots: one taken per alert check, and the rate of a counter
 * between that one and the latest at least a measurement window older.
 */
final class StatisticsSnapshots {
    private static final String TABLE_BLOCKS = """
            (SELECT COALESCE(SUM(heap_blks_hit), 0) FROM pg_statio_user_tables),
            (SELECT COALESCE(SUM(heap_blks_read), 0) FROM pg_statio_user_tables)""";
    private static final String ON_CONFLICT = """

            ON CONFLICT (taken_at) DO UPDATE SET blks_hit = EXCLUDED.blks_hit, blks_read = EXCLUDED.blks_read,
                calls = EXCLUDED.calls, total_time_ms = EXCLUDED.total_time_ms, statements = EXCLUDED.statements""";
    /** Keeps twice the longest measurement window and an hour: enough for every threshold's baseline. */
    private static final String PRUNE = """
            DELETE FROM public.statistics_snapshots WHERE taken_at < ?::timestamptz - INTERVAL '1 hour'
                - 2 * (SELECT COALESCE(MAX(measurement_window), INTERVAL '0') FROM public.performance_alert_thresholds)""";
    private static final String BASELINE = """
            SELECT MAX(taken_at) FROM public.statistics_snapshots WHERE taken_at <= ?::timestamptz - make_interval(secs => ?)""";

    private final Connection connection;
    private final Timestamp now;

    StatisticsSnapshots(Connection connection, Instant now) {
        this.connection = connection;
        this.now = Timestamp.from(now);
    }

    /** Stores this run's counters (statement figures only when {@code statements} is readable) and prunes old rows. */
    void take(StatStatements statements, double slowMs) throws SQLException {
        if (statements == null) {
            Jdbc.update(connection, "INSERT INTO public.statistics_snapshots (taken_at, blks_hit, blks_read) SELECT ?, "
                    + TABLE_BLOCKS + ON_CONFLICT, now);
        } else {
            Jdbc.update(connection, withStatements(statements), now, slowMs);
        }
        Jdbc.update(connection, PRUNE, now);
    }

    /** When the latest snapshot at least {@code windowSeconds} older than this one was taken, or null. */
    Timestamp baseline(double windowSeconds) throws SQLException {
        return (Timestamp) Jdbc.queryValue(connection, BASELINE, now, windowSeconds);
    }

    Timestamp now() {
        return now;
    }

    private static String withStatements(StatStatements s) {
        return """
                INSERT INTO public.statistics_snapshots (taken_at, blks_hit, blks_read, calls, total_time_ms, statements)
                SELECT ?, %1$s, COALESCE(SUM(calls), 0), COALESCE(SUM(total), 0),
                       COALESCE(jsonb_object_agg(queryid::text, jsonb_build_array(calls, total)) FILTER (WHERE total >= ?), '{}')
                  FROM (SELECT queryid, SUM(calls) AS calls, SUM(%2$s) AS total FROM %3$s
                         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
                         GROUP BY queryid) q""".formatted(TABLE_BLOCKS, s.totalTime(), s.relation()) + ON_CONFLICT;
    }
}
