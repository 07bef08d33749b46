package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.store.CompletedFires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The record step of an attempt: its outcome written with the schedule's status columns. A
 * successful or skipped attempt hands its outcome to the writer and its worker goes on (the
 * record also completes the fire); a failed one waits for the commit, since what follows it
 * (retry or suppression) depends on the failure count the record returns.
 */
public final class OutcomeRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an outcome is retried when the database is away: the attempt has run, it must be recorded. */
    public static final Duration RECORD_PATIENCE = Duration.ofMinutes(5);

    private final OutcomeBatcher outcomes;
    private final CompletedFires completedFires;
    private final HeldAttempts held;
    private final CronCache crons;
    private final Clock clock;
    private final ExecutionListener listener;

    public OutcomeRecorder(OutcomeBatcher outcomes, CompletedFires completedFires, HeldAttempts held,
                           CronCache crons, Clock clock, ExecutionListener listener) {
        this.outcomes = outcomes;
        this.completedFires = completedFires;
        this.held = held;
        this.crons = crons;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Records the outcome and releases the attempt once it is written.
     *
     * @param finalFailure a failure that will not be retried (it counts towards suppression unless
     *                     the target database was unreachable)
     * @return for a failure counted towards suppression, the schedule's consecutive failure count
     *         after the record; empty when it was not recorded (already ended, or this node is
     *         fenced), not a failure, or not counted
     */
    Optional<Integer> record(Schedule schedule, FireRequest attempt, Claimed run, Instant startedAt, Outcome outcome,
                             boolean finalFailure, String firedRow) throws InterruptedException {
        Instant finishedAt = clock.instant();
        long durationMs = Duration.between(startedAt, finishedAt).toMillis();
        boolean failure = outcome.status().isFailure();
        AttemptRecords.Finish finish = new AttemptRecords.Finish(run.runId(), schedule.name(), attempt.scheduledFireTime(),
                outcome.status().name(),
                startedAt, finishedAt, durationMs, (int) Math.round(durationMs / 60_000.0), outcome.error(),
                resultJson(outcome), nextRun(schedule, finishedAt), finalFailure && !outcome.targetUnreachable(),
                failure ? null : firedRow);
        Optional<Integer> failures = Optional.empty();
        if (!failure) {
            // nothing left to do after the record, which deletes the fired row: the worker goes on meanwhile
            outcomes.recordLater(finish).whenComplete((count, error) -> held.release(run.runId()));
            if (firedRow != null) {
                completedFires.rowDeleted(firedRow);
            }
        } else {
            try {
                // a failure may still store a retry or a suppression after its record: its fired row stays for recovery
                failures = DatabaseRetry.untilItWorks(RECORD_PATIENCE, () -> outcomes.record(finish));
            } finally {
                held.release(run.runId());
            }
        }
        log(schedule, attempt, outcome, durationMs);
        listener.finished(schedule, attempt, outcome.status(), durationMs);
        listener.ended(schedule, attempt, outcome, finalFailure);
        return finish.counted() ? failures : Optional.empty();
    }

    private Instant nextRun(Schedule schedule, Instant after) {
        return crons.nextFireTimes(schedule, after, 1).stream().findFirst().orElse(null);
    }

    /** The attempt ends without a record of this node's (handed over): it is no longer held here. */
    void release(Claimed run) {
        held.release(run.runId());
    }

    private void log(Schedule schedule, FireRequest attempt, Outcome outcome, long durationMs) {
        if (outcome.status() == RunStatus.SUCCESS) {
            LOG.info("{} {} attempt {} SUCCESS in {} ms", schedule.name(), attempt.kind(), attempt.attempt(), durationMs);
        } else {
            LOG.warn("{} {} attempt {} {} in {} ms: {}", schedule.name(), attempt.kind(), attempt.attempt(),
                    outcome.status(), durationMs, outcome.error());
        }
    }

    private static String resultJson(Outcome outcome) {
        if (outcome.result() == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(outcome.result().values());
        } catch (JsonProcessingException e) {
            return "{\"unserializable\": true}";
        }
    }
}
