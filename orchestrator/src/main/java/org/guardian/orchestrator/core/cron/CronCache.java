package org.guardian.orchestrator.core.cron;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronSchedule;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Parsed cron schedules by (expression, zone): parsing is not free and schedules rarely change. */
public final class CronCache {
    private final Map<String, CronSchedule> parsed = new ConcurrentHashMap<>();
    private final Map<String, String> descriptions = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> upcoming = new ConcurrentHashMap<>();

    public CronSchedule get(Schedule schedule) {
        return get(schedule.cron(), schedule.timeZone());
    }

    /** @throws org.guardian.orchestrator.core.cron.InvalidCronException when it does not parse */
    public CronSchedule get(String cron, String timeZone) {
        String key = timeZone + "|" + cron;
        CronSchedule cached = parsed.get(key);
        if (cached != null) {
            return cached;
        }
        CronSchedule fresh = CronSchedule.parse(cron, timeZone);
        if (parsed.size() > 10_000) {
            parsed.clear();
        }
        parsed.put(key, fresh);
        return fresh;
    }

    /** The cron in words (computed once per expression and zone). */
    public String describe(Schedule schedule) {
        return descriptions.computeIfAbsent(schedule.timeZone() + "|" + schedule.cron(), k -> get(schedule).describe());
    }

    /**
     * The next {@code count} fire times after {@code now}. A list computed earlier stays right as
     * long as its first fire time is still ahead, so listing many schedules costs no cron math.
     */
    public List<Instant> nextFireTimes(Schedule schedule, Instant now, int count) {
        String key = schedule.timeZone() + "|" + schedule.cron() + "|" + count;
        List<Instant> cached = upcoming.get(key);
        if (cached != null && !cached.isEmpty() && cached.get(0).isAfter(now)) {
            return cached;
        }
        List<Instant> fresh = List.copyOf(get(schedule).nextFireTimes(now, count));
        if (upcoming.size() > 10_000) {
            upcoming.clear();
        }
        upcoming.put(key, fresh);
        return fresh;
    }

    /** The next fire time after {@code after}, or null for an unparseable or exhausted cron. */
    public Instant nextFireTime(Schedule schedule, Instant after) {
        try {
            List<Instant> next = get(schedule).nextFireTimes(after, 1);
            return next.isEmpty() ? null : next.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
