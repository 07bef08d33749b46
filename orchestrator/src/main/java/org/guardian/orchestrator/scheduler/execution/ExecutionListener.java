package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;

import java.time.Instant;

/** Hears about attempts as they happen (metrics, notifications). */
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

    /** This node's write suppressed the schedule at {@code at}, after that many final failures. */
    default void suppressedAt(Schedule schedule, int consecutiveFailures, Instant at) {
    }

    /** An attempt ended with its outcome (recorded, or handed to the writer); {@code finalFailure}: no retry follows. */
    default void ended(Schedule schedule, FireRequest request, Outcome outcome, boolean finalFailure) {
    }

    /** Both listeners, {@code first} first. */
    static ExecutionListener both(ExecutionListener first, ExecutionListener second) {
        return new ExecutionListeners(first, second);
    }
}
