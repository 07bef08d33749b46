package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.quartz.SchedulerException;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs one attempt as explicit steps: claim ({@link AttemptClaims}), gate and run
 * ({@link OperationStep}), record ({@link OutcomeRecorder}), then after a failure retry or
 * suppress ({@link AfterFailure}).
 */
public final class AttemptRunner {
    private final AttemptClaims claims;
    private final OperationStep operation;
    private final OutcomeRecorder recorder;
    private final AfterFailure afterFailure;
    private final ExecutionListener listener;
    private final Clock clock;

    public AttemptRunner(AttemptClaims claims, OperationStep operation, OutcomeRecorder recorder,
                         AfterFailure afterFailure, ExecutionListener listener, Clock clock) {
        this.claims = claims;
        this.operation = operation;
        this.recorder = recorder;
        this.afterFailure = afterFailure;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * @param waiting  the fire is one that already waited for a running attempt to end
     * @param firedRow Quartz's fired-trigger row of this fire (its fire instance id)
     */
    void run(Schedule schedule, FireRequest request, boolean waiting, String firedRow)
            throws InterruptedException, SchedulerException {
        Instant startedAt = clock.instant();
        Optional<Claimed> claimed = claims.claim(schedule, request, waiting, startedAt);
        if (claimed.isPresent()) {
            runClaimed(schedule, claimed.get(), startedAt, firedRow);
        }
    }

    /**
     * Runs an attempt claimed with its fire ({@link FireClaims}): the claim recorded the fire, the
     * outcome records when the attempt really started.
     */
    void runClaimed(Schedule schedule, FireRequest attempt, long runId, String firedRow)
            throws InterruptedException, SchedulerException {
        runClaimed(schedule, claims.claimedWithFire(attempt, runId), clock.instant(), firedRow);
    }

    private void runClaimed(Schedule schedule, Claimed run, Instant startedAt, String firedRow)
            throws InterruptedException, SchedulerException {
        FireRequest attempt = run.request();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("schedule", schedule.name());
             MDC.MDCCloseable ignored2 = MDC.putCloseable("attempt", String.valueOf(attempt.attempt()));
             MDC.MDCCloseable ignored3 = MDC.putCloseable("node", claims.nodeId())) {
            listener.started(schedule, attempt, startedAt);
            Outcome outcome;
            try {
                outcome = operation.execute(schedule, attempt, claims.nodeId());
            } catch (RuntimeException e) {
                outcome = Outcome.of(RunStatus.FAILED, "the attempt failed unexpectedly: " + e);
            } catch (InterruptedException e) {
                try {
                    afterFailure.handOver(schedule, attempt, run.runId(), startedAt);
                } finally {
                    recorder.release(run);
                }
                throw e;
            }
            boolean failure = outcome.status().isFailure();
            boolean finalFailure = failure && !afterFailure.willRetry(schedule, attempt);
            Optional<Integer> failures = recorder.record(schedule, attempt, run, startedAt, outcome, finalFailure,
                    firedRow);
            if (failure) {
                afterFailure.failed(schedule, attempt, failures);
            }
        }
    }
}
