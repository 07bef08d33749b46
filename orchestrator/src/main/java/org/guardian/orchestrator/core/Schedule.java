package org.guardian.orchestrator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code maintenance_schedules}: the definition an operator edits plus the status
 * columns the executions keep true. A row that could not be read as written (say a NULL in
 * {@code depends_on}, written by SQL) carries its {@code defect} and the readable rest; it is
 * BLOCKED until fixed. {@code notifyJson} is the row's {@code notify} as JSON text, read by the notifications alone;
 * {@code keepRuns} is read by the run-history retention alone.
 */
public record Schedule(
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
        boolean paused,
        Instant suppressedAt,
        String blockedReason,
        int consecutiveFailures,
        Instant lastRun,
        String lastStatus,
        Instant nextRun,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String defect,
        String notifyJson,
        Integer keepRuns) {

    public Schedule {
        dependsOn = List.copyOf(dependsOn);
        config = Map.copyOf(config);
    }

    /** A row read as written (no defect). */
    public Schedule(String name, String operation, String cron, String timeZone, boolean enabled, List<String> dependsOn,
                    Duration maxDuration, int maxRetries, Duration retryBackoff, int maxConsecutiveFailures,
                    Duration dependencyWindow, int priority, MisfirePolicy misfirePolicy, Map<String, Object> config,
                    boolean paused, Instant suppressedAt, String blockedReason, int consecutiveFailures, Instant lastRun,
                    String lastStatus, Instant nextRun, long version, Instant createdAt, Instant updatedAt) {
        this(name, operation, cron, timeZone, enabled, dependsOn, maxDuration, maxRetries, retryBackoff,
                maxConsecutiveFailures, dependencyWindow, priority, misfirePolicy, config, paused, suppressedAt,
                blockedReason, consecutiveFailures, lastRun, lastStatus, nextRun, version, createdAt, updatedAt, null,
                null, null);
    }

    /**
     * The schedule {@code definition} makes of {@code current} (its status kept), or of a new row
     * when {@code current} is null: what Quartz must hold once the definition is written.
     */
    public static Schedule planned(ScheduleDefinition d, Schedule current) {
        boolean exists = current != null;
        return new Schedule(d.name(), d.operation(), d.cron(), d.timeZone(), d.enabled(), d.dependsOn(),
                d.maxDuration(), d.maxRetries(), d.retryBackoff(), d.maxConsecutiveFailures(), d.dependencyWindow(),
                d.priority(), d.misfirePolicy(), d.config(), exists && current.paused(),
                exists ? current.suppressedAt() : null, null, exists ? current.consecutiveFailures() : 0,
                exists ? current.lastRun() : null, exists ? current.lastStatus() : null, null,
                exists ? current.version() : 0, exists ? current.createdAt() : null, null, null, d.notifyJson(),
                d.keepRuns());
    }

    public boolean suppressed() {
        return suppressedAt != null;
    }

    /** Cannot fire: the row is defective, or the reconciler recorded why. */
    public boolean blocked() {
        return defect != null || blockedReason != null;
    }

    /** Why the schedule cannot fire (the row's defect first, as the recorded reason may lag it), or null. */
    public String whyBlocked() {
        return defect != null ? defect : blockedReason;
    }

    /** Why the row's {@code notify} (written by SQL) cannot be used, or null; the schedule still runs. */
    public String notifyProblem() {
        return NotifySpec.problemOf(notifyJson);
    }

    /** Quartz priority: schedule priority 1 (highest) … 10 (lowest) maps to 10 … 1. */
    public int quartzPriority() {
        return 11 - priority;
    }
}
