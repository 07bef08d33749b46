package org.guardian.orchestrator.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO-8601 durations as the API shows them: whole days as {@code P1D}, the rest as {@code PT45M}. */
public final class IsoDurations {
    private static final long SECONDS_PER_DAY = 86_400;

    private IsoDurations() {
    }

    public static String format(Duration duration) {
        if (duration == null) {
            return null;
        }
        if (!duration.isZero() && duration.toNanosPart() == 0 && duration.toSeconds() % SECONDS_PER_DAY == 0) {
            return "P" + duration.toSeconds() / SECONDS_PER_DAY + "D";
        }
        return duration.toString();
    }

    /** Parses {@code PT45M}, {@code P1D}, {@code P1DT2H}; null when the text is not such a duration. */
    public static Duration parse(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
