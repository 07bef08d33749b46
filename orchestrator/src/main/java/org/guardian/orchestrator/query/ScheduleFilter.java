package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.db.ScheduleListings;

import java.util.List;
import java.util.Locale;

/**
 * Which schedules a page shows, read from the query's text; a null field matches every schedule.
 *
 * @param state  the schedules in this state
 * @param prefix the schedules whose name starts with it
 */
public record ScheduleFilter(ScheduleState state, String prefix) {
    /** Sorts after every character a schedule's name may hold ({@code [a-z0-9_]}), bytewise. */
    private static final String AFTER_NAME_CHARACTERS = "{";
    private static final String RUNNING = ScheduleListings.RUNNING;
    private static final String ENABLED = "s.blocked_reason IS NULL AND s.is_enabled";
    private static final String ACTIVE = ENABLED + " AND s.suppressed_at IS NULL";

    /** @throws RefusedException (MALFORMED) naming the parameter that is not valid */
    public static ScheduleFilter of(String state, String prefix) {
        return new ScheduleFilter(state(state), prefix(prefix));
    }

    /** @throws RefusedException (MALFORMED) unless {@code text} is null or a schedule's name, as pages end */
    public static String cursor(String text) {
        if (text != null && !text.matches(ScheduleRequest.NAME_PATTERN)) {
            throw RefusedException.malformed(List.of("cursor: must be the nextCursor of an earlier page"));
        }
        return text;
    }

    /** Whether any filter is set. */
    public boolean any() {
        return state != null || prefix != null;
    }

    /** Names from this one on (bytewise) may match the prefix. */
    public String fromName() {
        return prefix == null ? "" : prefix;
    }

    /** Names from this one on (bytewise) do not match the prefix. */
    public String untilName() {
        return fromName() + AFTER_NAME_CHARACTERS;
    }

    /**
     * SQL for the state over the row {@code s} and the cluster's state {@code c}, with the precedence
     * of {@link ScheduleState#of}; rows it cannot judge (unreadable ones) are judged again once read.
     * No text of the request is in it.
     */
    public String stateSql() {
        if (state == null) {
            return "true";
        }
        return switch (state) {
            case BLOCKED -> "s.blocked_reason IS NOT NULL";
            case DISABLED -> "s.blocked_reason IS NULL AND NOT s.is_enabled";
            case SUPPRESSED -> ENABLED + " AND s.suppressed_at IS NOT NULL";
            case RUNNING -> ACTIVE + " AND " + RUNNING;
            case PAUSED -> ACTIVE + " AND NOT " + RUNNING + " AND (s.paused OR c.global_paused)";
            case NORMAL -> ACTIVE + " AND NOT " + RUNNING + " AND NOT s.paused AND NOT c.global_paused";
        };
    }

    private static ScheduleState state(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ScheduleState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RefusedException.malformed(List.of("state: must be one of " + List.of(ScheduleState.values())));
        }
    }

    private static String prefix(String text) {
        if (text != null && !text.matches("^[a-z0-9_]{1,63}$")) {
            throw RefusedException.malformed(List.of("prefix: must be the start of a schedule name ("
                    + ScheduleRequest.NAME_PATTERN + ")"));
        }
        return text;
    }
}
