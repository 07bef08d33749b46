package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.RunStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Which runs a listing shows, read from the query's text; a null field matches every run.
 *
 * @param status   a {@link RunStatus} name
 * @param since    runs started at or after it
 * @param schedule one schedule's runs
 */
public record RunFilter(String status, Instant since, String schedule) {
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** @throws RefusedException (MALFORMED) naming the parameter that is not valid */
    public static RunFilter of(String status, String since, String schedule) {
        return new RunFilter(status(status), instant(since), schedule(schedule));
    }

    private static String status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(text.toUpperCase()).name();
        } catch (IllegalArgumentException e) {
            throw RefusedException.malformed(List.of("status: must be one of " + List.of(RunStatus.values())));
        }
    }

    /** An instant the database can compare with (years 1 to 9999). */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(text);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw RefusedException.malformed(List.of("since: must be between years 1 and 9999"));
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw RefusedException.malformed(List.of("since: must be an ISO-8601 instant such as 2026-01-31T00:00:00Z"));
        }
    }

    private static String schedule(String name) {
        if (name != null && !name.matches(ScheduleRequest.NAME_PATTERN)) {
            throw RefusedException.malformed(List.of("schedule: must be a schedule name (" + ScheduleRequest.NAME_PATTERN
                    + ")"));
        }
        return name;
    }
}
