package org.guardian.orchestrator.config;

import java.time.Duration;

/** The bounds of a configured duration (Dropwizard's duration checks take only its own Duration type). */
final class DurationRange {
    private DurationRange() {
    }

    /** Whether {@code value} is set and within {@code min} and {@code max}, both included. */
    static boolean within(Duration value, Duration min, Duration max) {
        return value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
}
