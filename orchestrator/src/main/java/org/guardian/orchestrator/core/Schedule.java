package org.guardian.orchestrator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code maintenance_schedules}: the definition an operator edits plus the status
 * columns the executions keep true.
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
        Instant updatedAt) {

    public Schedule {
        dependsOn = List.copyOf(dependsOn);
        config = Map.copyOf(config);
    }

    public boolean suppressed() {
        return suppressedAt != null;
    }

    public boolean blocked() {
        return blockedReason != null;
    }

    /** Quartz priority: seed priority 1 (highest) … 10 (lowest) maps to 10 … 1. */
    public int quartzPriority() {
        return 11 - priority;
    }
}
