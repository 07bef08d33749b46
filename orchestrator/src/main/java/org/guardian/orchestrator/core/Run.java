package org.guardian.orchestrator.core;

import java.time.Instant;

/** One attempt, as stored in {@code job_runs}. */
public record Run(
        long id,
        String schedule,
        String operation,
        TriggerKind trigger,
        Instant scheduledFireTime,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        RunStatus status,
        int attempt,
        String node,
        String error,
        String resultJson,
        String requestedBy) {
}
