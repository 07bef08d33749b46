package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;

import java.time.Instant;

/** Two listeners told in turn. */
record ExecutionListeners(ExecutionListener first, ExecutionListener second) implements ExecutionListener {
    @Override
    public void started(Schedule schedule, FireRequest request, Instant startedAt) {
        first.started(schedule, request, startedAt);
        second.started(schedule, request, startedAt);
    }

    @Override
    public void finished(Schedule schedule, FireRequest request, RunStatus status, long durationMs) {
        first.finished(schedule, request, status, durationMs);
        second.finished(schedule, request, status, durationMs);
    }

    @Override
    public void retryScheduled(Schedule schedule) {
        first.retryScheduled(schedule);
        second.retryScheduled(schedule);
    }

    @Override
    public void suppressed(Schedule schedule) {
        first.suppressed(schedule);
        second.suppressed(schedule);
    }

    @Override
    public void suppressedAt(Schedule schedule, int consecutiveFailures, Instant at) {
        first.suppressedAt(schedule, consecutiveFailures, at);
        second.suppressedAt(schedule, consecutiveFailures, at);
    }

    @Override
    public void ended(Schedule schedule, FireRequest request, Outcome outcome, boolean finalFailure) {
        first.ended(schedule, request, outcome, finalFailure);
        second.ended(schedule, request, outcome, finalFailure);
    }
}
