package org.guardian.orchestrator.db;

import org.postgresql.util.PGInterval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code interval} columns as text and remembers the durations of the texts it met: a table
 * holds a few distinct intervals (45 minutes, 5 minutes...), and the driver's {@link PGInterval}
 * parsing was most of the cost of mapping a schedule row.
 */
final class IntervalReader {
    /** Distinct texts remembered; others are parsed each time. */
    static final int REMEMBERED = 1_024;

    private final Map<String, Duration> parsed = new ConcurrentHashMap<>();

    /** The column's duration (a month counts 30 days, as {@link Intervals#toDuration}), or null. */
    Duration read(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : parse(text);
    }

    /** The duration of an interval as PostgreSQL writes it, in any output style ({@code 00:45:00}, {@code PT45M}). */
    Duration parse(String text) throws SQLException {
        Duration known = parsed.get(text);
        if (known != null) {
            return known;
        }
        Duration duration = Intervals.toDuration(new PGInterval(text));
        if (parsed.size() < REMEMBERED) {
            parsed.put(text, duration);
        }
        return duration;
    }
}
