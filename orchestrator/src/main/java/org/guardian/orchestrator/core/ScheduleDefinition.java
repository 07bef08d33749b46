package org.guardian.orchestrator.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an operator defines of a schedule (everything but the status columns), checked and typed.
 *
 * @param notifyJson the schedule's {@code notify} as JSON text ({@link NotifySpec}), or null for the defaults
 * @param keepRuns   how many of its latest runs are kept whatever their age, or null for none beyond the latest
 */
public record ScheduleDefinition(
        String name,
        String operation,
        String cron,
        String timeZone,
        boolean enabled,
        List<String> dependsOn,
        Duration maxDuration,
        int maxRetries,
        Duration retryBackoff,
        int maxConsecutiveFailures,
        Duration dependencyWindow,
        int priority,
        MisfirePolicy misfirePolicy,
        Map<String, Object> config,
        String notifyJson,
        Integer keepRuns) {

    public ScheduleDefinition {
        dependsOn = List.copyOf(dependsOn);
        config = Map.copyOf(config);
    }

    public static ScheduleDefinition of(Schedule s) {
        return new ScheduleDefinition(s.name(), s.operation(), s.cron(), s.timeZone(), s.enabled(), s.dependsOn(),
                s.maxDuration(), s.maxRetries(), s.retryBackoff(), s.maxConsecutiveFailures(), s.dependencyWindow(),
                s.priority(), s.misfirePolicy(), s.config(), s.notifyJson(), s.keepRuns());
    }

    /** The limit in whole minutes, as the {@code max_duration_minutes} column holds it: the exact limit rounded up. */
    public int maxDurationMinutes() {
        long seconds = maxDuration.toSeconds() + (maxDuration.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, (seconds + 59) / 60);
    }
}
