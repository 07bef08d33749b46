package org.guardian.orchestrator.db;

import org.postgresql.util.PGInterval;

import java.time.Duration;

/** Converts between PostgreSQL intervals and {@link Duration}s (a month counts 30 days, a year 365). */
public final class Intervals {
    private Intervals() {
    }

    public static Duration toDuration(PGInterval interval) {
        long days = interval.getYears() * 365L + interval.getMonths() * 30L + interval.getDays();
        double seconds = interval.getSeconds();
        return Duration.ofDays(days)
                .plusHours(interval.getHours())
                .plusMinutes(interval.getMinutes())
                .plusNanos(Math.round(seconds * 1_000_000_000L));
    }

    /** The interval literal PostgreSQL reads, e.g. {@code 2700.000000 seconds}. */
    public static String toSql(Duration duration) {
        return duration.toSeconds() + "." + String.format("%06d", duration.toNanosPart() / 1000) + " seconds";
    }
}
