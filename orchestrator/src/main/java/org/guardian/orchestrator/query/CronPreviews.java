package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.CronPreviewView;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.guardian.orchestrator.core.cron.InvalidCronException;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A cron expression in words and its next fire times, for an edit form to check as the user types. */
public final class CronPreviews {
    public static final int COUNT = 10;
    private static final String DEFAULT_ZONE = "UTC";
    private static final int MAX_LENGTH = 200;

    private final Clock clock;

    public CronPreviews(Clock clock) {
        this.clock = clock;
    }

    /** @throws RefusedException (MALFORMED) naming {@code cron} or {@code timezone} and what is wrong */
    public CronPreviewView preview(String cron, String timezone) {
        if (cron == null || cron.isBlank()) {
            throw RefusedException.malformed(List.of("cron: must not be empty"));
        }
        if (cron.length() > MAX_LENGTH) {
            throw RefusedException.malformed(List.of("cron: must be at most " + MAX_LENGTH + " characters"));
        }
        String zone = timezone == null ? DEFAULT_ZONE : timezone;
        CronSchedule schedule = parse(cron, zone);
        List<String> next = schedule.nextFireTimes(clock.instant(), COUNT).stream()
                .map(at -> at.atZone(schedule.zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).toList();
        return new CronPreviewView(schedule.expression(), zone, schedule.describe(), next);
    }

    private static CronSchedule parse(String cron, String zone) {
        try {
            return CronSchedule.parse(cron, zone);
        } catch (InvalidCronException e) {
            String error = "timeZone".equals(e.field()) ? "timezone: " + e.getMessage()
                    : "cron: invalid " + e.field() + " field: " + e.getMessage();
            throw RefusedException.malformed(List.of(error));
        }
    }
}
