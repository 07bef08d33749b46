package org.guardian.orchestrator.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.db.AttemptRecords;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Runs one attempt from claim to outcome: claim the attempt (once per fire time), gate it on its
 * dependencies, run it under its deadline, record it, then retry or suppress.
 */
public final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an outcome is retried when the database is away: the attempt has run, it must be recorded. */
    static final Duration RECORD_PATIENCE = Duration.ofMinutes(5);

    private final NodeIdentity identity;
    private final String nodeId;
    private final ScheduleDao schedules;
    private final RunDao runs;
    private final AttemptRecords records;
    private final OperationRegistry registry;
    private final DependencyGate gate;
    private final TimeoutGuard timeoutGuard;
    private final RetryScheduler retries;
    private final FailureSuppressor suppressor;
    private final CronCache crons;
    private final DataSource dataSource;
    private final Clock clock;
    private final ExecutionListener listener;
    private final OverlapHandler overlaps;
    private final OutcomeBatcher outcomes;
    private final HeldAttempts held;
    private volatile BiPredicate<String, String> runRequester = (schedule, reason) -> false;

    AttemptRunner(NodeIdentity identity, ScheduleDao schedules, RunDao runs, AttemptRecords records, OperationRegistry registry, DependencyGate gate,
                  TimeoutGuard timeoutGuard, RetryScheduler retries, FailureSuppressor suppressor, CronCache crons,
                  DataSource dataSource, Clock clock, ExecutionListener listener, OverlapHandler overlaps,
                  OutcomeBatcher outcomes, HeldAttempts held) {
        this.identity = identity;
        this.nodeId = identity.nodeId();
        this.schedules = schedules;
        this.runs = runs;
        this.records = records;
        this.registry = registry;
        this.gate = gate;
        this.timeoutGuard = timeoutGuard;
        this.retries = retries;
        this.suppressor = suppressor;
        this.crons = crons;
        this.dataSource = dataSource;
        this.clock = clock;
        this.listener = listener;
        this.overlaps = overlaps;
        this.outcomes = outcomes;
        this.held = held;
    }

    /** How operations ask for another schedule to run (alert auto-responses). */
    void setRunRequester(BiPredicate<String, String> runRequester) {
        this.runRequester = runRequester;
    }

    /**
     * @param waiting the fire is one that already waited for a running attempt to end
     * @param firedRow Quartz's fired-trigger row of this fire (its fire instance id)
     */
    void run(Schedule schedule, FireRequest request, boolean waiting, String firedRow)
            throws InterruptedException, SchedulerException {
        Instant startedAt = clock.instant();
        Optional<Claimed> claimed = request.kind() == TriggerKind.RECOVERY ? recover(schedule, request, startedAt)
                : claim(schedule, request, startedAt).map(id -> new Claimed(request, id));
        if (claimed.isEmpty()) {
            if (isRunningSomethingElse(schedule, request)) {
                overlaps.busy(schedule, request, waiting);
            } else {
                LOG.debug("Attempt {} of {} at {} already claimed", request.attempt(), schedule.name(),
                        request.scheduledFireTime());
            }
            return;
        }
        runAttempt(schedule, claimed.get().request(), claimed.get().runId(), startedAt, firedRow);
    }

    /**
     * Runs an attempt claimed with its fire ({@link FireClaims}): the claim recorded the fire, the
     * outcome records when the attempt really started.
     */
    void runClaimed(Schedule schedule, FireRequest attempt, long runId, String firedRow)
            throws InterruptedException, SchedulerException {
        runAttempt(schedule, attempt, runId, clock.instant(), firedRow);
    }

    private void runAttempt(Schedule schedule, FireRequest attempt, long runId, Instant startedAt, String firedRow)
            throws InterruptedException, SchedulerException {
        held.hold(runId);
        boolean recordPending = false;
        try (MDC.MDCCloseable ignored = MDC.putCloseable("schedule", schedule.name());
             MDC.MDCCloseable ignored2 = MDC.putCloseable("attempt", String.valueOf(attempt.attempt()));
             MDC.MDCCloseable ignored3 = MDC.putCloseable("node", nodeId)) {
            listener.started(schedule, attempt, startedAt);
            Outcome outcome;
            try {
                outcome = execute(schedule, attempt);
            } catch (InterruptedException e) {
                handOver(schedule, attempt, runId, startedAt);
                throw e;
            }
            recordPending = finish(schedule, attempt, runId, startedAt, outcome, firedRow);
        } finally {
            if (!recordPending) {
                held.release(runId);
            }
        }
    }

    private Optional<Long> claim(Schedule schedule, FireRequest attempt, Instant startedAt) {
        return records.claim(schedule.name(), schedule.operation(), attempt.kind().name(), attempt.scheduledFireTime(),
                startedAt, attempt.attempt(), nodeId, attempt.requestedBy());
    }

    /**
     * Whether the claim failed because another attempt of the schedule runs (rather than because
     * this attempt was claimed already). When the other attempt ended in between, says true so
     * that the fire is tried again a second later rather than lost.
     */
    private boolean isRunningSomethingElse(Schedule schedule, FireRequest attempt) {
        if (attempt.kind() == TriggerKind.MANUAL) {
            return true;
        }
        Optional<Run> sameAttempt = runs.latestAttempt(schedule.name(), attempt.scheduledFireTime())
                .filter(run -> run.attempt() >= attempt.attempt());
        return sameAttempt.isEmpty();
    }

    private Outcome execute(Schedule schedule, FireRequest attempt) throws InterruptedException {
        if (!attempt.force()) {
            Optional<String> unmet;
            try {
                unmet = gate.unmet(schedule);
            } catch (RuntimeException e) {
                return Outcome.of(RunStatus.FAILED, "the dependency check failed: " + e.getMessage());
            }
            if (unmet.isPresent()) {
                return Outcome.of(RunStatus.SKIPPED, unmet.get());
            }
        }
        Optional<Operation> operation = registry.find(schedule.operation());
        if (operation.isEmpty()) {
            return Outcome.of(RunStatus.FAILED, "operation " + schedule.operation() + " is not registered on node " + nodeId);
        }
        OperationConfig config;
        try {
            config = OperationConfig.validate(operation.get().configKeys(), schedule.config());
        } catch (IllegalArgumentException e) {
            return Outcome.of(RunStatus.FAILED, "invalid config: " + e.getMessage());
        }
        try (AttemptContext context = new AttemptContext(schedule.name(), attempt.attempt(), config, dataSource, clock,
                runRequester)) {
            return timeoutGuard.run(operation.get(), context, schedule.maxDuration());
        }
    }

    /** @return whether the outcome is still being written (the attempt stays held until it is) */
    private boolean finish(Schedule schedule, FireRequest attempt, long runId, Instant startedAt, Outcome outcome,
                           String firedRow) throws SchedulerException, InterruptedException {
        Instant finishedAt = clock.instant();
        long durationMs = Duration.between(startedAt, finishedAt).toMillis();
        boolean retry = outcome.status().isFailure() && retries.mayRetry(schedule, attempt);
        Instant nextRun = crons.nextFireTimes(schedule, finishedAt, 1).stream().findFirst().orElse(null);
        int minutes = (int) Math.round(durationMs / 60_000.0);
        boolean finalFailure = outcome.status().isFailure() && !retry;
        AttemptRecords.Finish finish = new AttemptRecords.Finish(runId, schedule.name(), outcome.status().name(),
                startedAt, finishedAt, durationMs, minutes, outcome.error(), resultJson(outcome), nextRun, finalFailure,
                outcome.status().isFailure() ? null : firedRow);
        Optional<Integer> failures = Optional.empty();
        if (outcome.status().isFailure()) {
            // a failure may still store a retry or a suppression, after its record: its fired row stays for
            // recovery until then
            failures = DatabaseRetry.untilItWorks(RECORD_PATIENCE, () -> outcomes.record(finish));
        } else {
            // nothing left to do after the record, which deletes the fired row: the thread goes on meanwhile
            outcomes.recordLater(finish).whenComplete((count, error) -> held.release(runId));
            if (firedRow != null) {
                CompletedFires.rowDeleted(firedRow);
            }
        }
        log(schedule, attempt, outcome, durationMs);
        listener.finished(schedule, attempt, outcome.status(), durationMs);
        if (retry) {
            Instant when = DatabaseRetry.untilScheduled(RECORD_PATIENCE, () -> retries.scheduleRetry(schedule, attempt));
            listener.retryScheduled(schedule);
            LOG.info("Retry {} of {} scheduled at {}", attempt.attempt() + 1, schedule.name(), when);
        } else if (outcome.status().isFailure() && failures.isPresent()
                && suppressor.afterFinalFailure(schedule, failures.get())) {
            listener.suppressed(schedule);
        }
        return !outcome.status().isFailure();
    }

    /** This node is stopping mid-attempt: record it INTERRUPTED and let another node take the next attempt now. */
    private void handOver(Schedule schedule, FireRequest attempt, long runId, Instant startedAt) throws SchedulerException {
        Instant now = clock.instant();
        runs.finish(runId, RunStatus.INTERRUPTED.name(), now, Duration.between(startedAt, now).toMillis(),
                "node " + nodeId + " stopped during the attempt", null, identity.incarnation());
        retries.scheduleAttempt(schedule, attempt, attempt.attempt() + 1, now);
        LOG.warn("{} attempt {} interrupted by the shutdown of {}; handed over to the cluster", schedule.name(),
                attempt.attempt(), nodeId);
    }

    /** An attempt this node has claimed. */
    private record Claimed(FireRequest request, long runId) {
    }

    /**
     * A node died during an attempt: mark its row INTERRUPTED and claim the next attempt number.
     * When the dead node had already finished the attempt, nothing runs again; when it had
     * interrupted it, the next attempt runs.
     */
    private Optional<Claimed> recover(Schedule schedule, FireRequest request, Instant now) throws SchedulerException {
        Optional<Run> latest = runs.latestAttempt(request.schedule(), request.scheduledFireTime());
        if (latest.isEmpty()) {
            return claim(schedule, request, now).map(id -> new Claimed(request, id));
        }
        Run run = latest.get();
        if (run.status() == RunStatus.INTERRUPTED) {
            return rerunInterrupted(schedule, request, run, now);
        }
        if (run.status() != RunStatus.RUNNING) {
            LOG.info("Recovery of {} at {}: attempt {} already ended {}", request.schedule(),
                    request.scheduledFireTime(), run.attempt(), run.status());
            completeAfterFailure(schedule, request, run);
            return Optional.empty();
        }
        FireRequest next = request.withAttempt(TriggerKind.RECOVERY, run.scheduledFireTime(), run.attempt() + 1);
        Optional<Long> id = runs.interruptAndClaim(run.id(), now, schedule.name(), schedule.operation(),
                run.scheduledFireTime(), next.attempt(), nodeId, run.requestedBy(), identity.incarnation());
        if (id.isEmpty()) {
            LOG.info("Recovery of {} at {}: attempt {} still runs on {}, whose incarnation is not fenced",
                    request.schedule(), request.scheduledFireTime(), run.attempt(), run.node());
            return Optional.empty();
        }
        LOG.warn("Node {} died during attempt {} of {}; recovering on {}", run.node(), run.attempt(),
                request.schedule(), nodeId);
        return Optional.of(new Claimed(next, id.get()));
    }

    /**
     * The attempt's node ended it INTERRUPTED (stopped, or fenced while it handed it over) and may
     * have died before the next attempt was scheduled: claim that next attempt here. Should the
     * handover's own trigger come later, it finds its attempt claimed.
     */
    private Optional<Claimed> rerunInterrupted(Schedule schedule, FireRequest request, Run run, Instant now)
            throws SchedulerException {
        FireRequest next = request.withAttempt(TriggerKind.RECOVERY, run.scheduledFireTime(), run.attempt() + 1);
        Optional<Long> id = claim(schedule, next, now);
        if (id.isPresent()) {
            LOG.warn("Attempt {} of {} was interrupted on {}; running it again on {}", run.attempt(),
                    schedule.name(), run.node(), nodeId);
            return Optional.of(new Claimed(next, id.get()));
        }
        if (runs.latestAttempt(schedule.name(), run.scheduledFireTime()).filter(r -> r.attempt() > run.attempt())
                .isEmpty()) {
            overlaps.busy(schedule, next, false); // another attempt of the schedule runs: wait for it
        }
        return Optional.empty();
    }

    /**
     * The dead node recorded a failed attempt but may have died before it scheduled the retry or
     * suppressed the schedule: do what it would have done (both are idempotent).
     */
    private void completeAfterFailure(Schedule schedule, FireRequest request, Run failed) throws SchedulerException {
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
