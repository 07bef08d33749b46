package org.guardian.orchestrator.testing;

import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Schedules (as read from their rows) whose state is what a test needs. */
public final class ScheduleStates {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private ScheduleStates() {
    }

    /** A schedule with these marks on its row. */
    public static Schedule withMarks(boolean blocked, boolean enabled, boolean suppressed, boolean paused) {
        return new Schedule("alpha", "noop", "@daily", "UTC", enabled, List.of(), Duration.ofHours(1), 0,
                Duration.ofSeconds(30), 3, Duration.ofDays(1), 5, MisfirePolicy.FIRE_ONCE, Map.of(), paused,
                suppressed ? AT : null, blocked ? "dependency cycle alpha -> alpha" : null, 0, null, null, null, 1,
                AT, AT);
    }

    public static Schedule normal() {
        return withMarks(false, true, false, false);
    }

    public static Schedule paused() {
        return withMarks(false, true, false, true);
    }

    public static Schedule suppressed() {
        return withMarks(false, true, true, false);
    }

    public static Schedule blocked() {
        return withMarks(true, true, false, false);
    }

    public static Schedule disabled() {
        return withMarks(false, false, false, false);
    }
}
