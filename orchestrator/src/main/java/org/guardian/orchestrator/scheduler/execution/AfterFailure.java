package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.RunTransitions;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.scheduler.policy.FailureSuppressor;
import org.guardian.orchestrator.scheduler.policy.RetryScheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last step of an attempt that did not succeed: a retry while retries are left, suppression
 * after too many final failures; and for an attempt interrupted by this node's stop, a handover of
 * the next attempt to the cluster.
 */
public final class AfterFailure {
    private static final Logger LOG = LoggerFactory.getLogger(AfterFailure.class);

    private final NodeIdentity identity;
    private final RunDao runs;
    private final RetryScheduler retries;
    private final FailureSuppressor suppressor;
    private final ExecutionListener listener;
    private final Clock clock;

    public AfterFailure(NodeIdentity identity, RunDao runs, RetryScheduler retries, FailureSuppressor suppressor,
                        ExecutionListener listener, Clock clock) {
        this.identity = identity;
        this.runs = runs;
        this.retries = retries;
        this.suppressor = suppressor;
        this.listener = listener;
        this.clock = clock;
    }

    /** Whether a failure of this attempt will be retried (so it is not a final failure). */
    boolean willRetry(Schedule schedule, FireRequest attempt) {
        return retries.mayRetry(schedule, attempt);
    }

    /** After the failure's record: its retry, or the schedule's suppression when that was the last straw. */
    void failed(Schedule schedule, FireRequest attempt, Optional<Integer> consecutiveFailures)
            throws SchedulerException, InterruptedException {
        if (willRetry(schedule, attempt)) {
            Instant when = DatabaseRetry.untilScheduled(OutcomeRecorder.RECORD_PATIENCE,
                    () -> retries.scheduleRetry(schedule, attempt));
            listener.retryScheduled(schedule);
            LOG.info("Retry {} of {} scheduled at {}", attempt.attempt() + 1, schedule.name(), when);
        } else if (consecutiveFailures.isPresent() && suppressor.afterFinalFailure(schedule, consecutiveFailures.get())) {
            listener.suppressed(schedule);
        }
    }

    /**
     * A dead node recorded a failed attempt but may have died before it scheduled the retry or
     * suppressed the schedule: do what it would have done (both are idempotent).
     */
    void completeLost(Schedule schedule, FireRequest request, Run failed) throws SchedulerException {
        if (!failed.status().isFailure()) {
            return;
        }
        FireRequest attempt = request.withAttempt(failed.trigger(), failed.scheduledFireTime(), failed.attempt());
        if (retries.mayRetry(schedule, attempt)) {
            Instant when = retries.scheduleRetry(schedule, attempt);
            LOG.info("Retry {} of {} (lost with its node) scheduled at {}", failed.attempt() + 1, schedule.name(), when);
        } else {
            suppressor.afterFinalFailure(schedule, schedule.consecutiveFailures());
        }
    }

    /** This node is stopping mid-attempt: record it INTERRUPTED and let another node take the next attempt now. */
    void handOver(Schedule schedule, FireRequest attempt, long runId, Instant startedAt) throws SchedulerException {
        Instant now = clock.instant();
        String why = "node " + identity.nodeId() + " stopped during the attempt";
        runs.finish(runId, RunTransitions.end(RunStatus.INTERRUPTED).name(), now,
                Duration.between(startedAt, now).toMillis(), why, null, identity.incarnation());
        retries.scheduleAttempt(schedule, attempt, attempt.attempt() + 1, now);
        LOG.warn("{} attempt {} interrupted by the shutdown of {}; handed over to the cluster", schedule.name(),
                attempt.attempt(), identity.nodeId());
    }
}
