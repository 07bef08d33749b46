package org.guardian.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.guardian.orchestrator.core.ScheduleState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A schedule as the API shows it: the definition, then read-only status. Durations are ISO-8601. */
public record ScheduleView(
        String name,
        String operation,
        String cron,
        String timeZone,
        boolean enabled,
        List<String> dependsOn,
        String maxDuration,
        int maxRetries,
        String retryBackoff,
        int maxConsecutiveFailures,
        String dependencyWindow,
        int priority,
        String misfirePolicy,
        Map<String, Object> config,
        @JsonProperty("notify") @JsonRawValue String notifyJson,
        Integer keepRuns,
        ScheduleState state,
        String cronDescription,
        List<Instant> nextFireTimes,
        Instant lastRun,
        String lastStatus,
        int consecutiveFailures,
        Instant suppressedAt,
        String blockedReason,
        String notifyProblem,
        long version,
        Instant createdAt,
        Instant updatedAt) {
}
