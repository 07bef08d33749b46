package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;

import java.time.Instant;

/** Hears about attempts as they happen (metrics). */
public interface ExecutionListener {
    ExecutionListener NONE = new ExecutionListener() {
    };

    default void started(Schedule schedule, FireRequest request, Instant startedAt) {
    }

    default void finished(Schedule schedule, FireRequest request, RunStatus status, long durationMs) {
    }

    default void retryScheduled(Schedule schedule) {
    }

    /** The schedule was just suppressed after too many consecutive failures. */
    default void suppressed(Schedule schedule) {
    }
}
