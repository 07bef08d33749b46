package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.RunDao;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * The first step of an attempt: claim it, once per fire time and one attempt of a schedule at a
 * time across the cluster, by inserting its RUNNING row. A fire whose schedule runs something else
 * follows its overlap rule; a recovery interrupts what its dead node left RUNNING and claims the
 * next attempt. A claimed attempt is held by this node until its outcome is written.
 */
public final class AttemptClaims {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptClaims.class);

    private final NodeIdentity identity;
    private final AttemptRecords records;
    private final RunDao runs;
    private final OverlapHandler overlaps;
    private final AfterFailure afterFailure;
    private final HeldAttempts held;

    public AttemptClaims(NodeIdentity identity, AttemptRecords records, RunDao runs, OverlapHandler overlaps,
                         AfterFailure afterFailure, HeldAttempts held) {
        this.identity = identity;
        this.records = records;
        this.runs = runs;
        this.overlaps = overlaps;
        this.afterFailure = afterFailure;
        this.held = held;
    }

    String nodeId() {
        return identity.nodeId();
    }

    /**
     * @param waiting the fire already waited for a running attempt to end
     * @return the attempt claimed, or empty when it is not this node's to run (now)
     */
    Optional<Claimed> claim(Schedule schedule, FireRequest request, boolean waiting, Instant now)
            throws SchedulerException {
        if (waiting && overlaps.madeUpByLaterRun(schedule, request)) {
            return Optional.empty();
        }
        Optional<Claimed> claimed = request.kind() == TriggerKind.RECOVERY ? recover(schedule, request, now)
                : insert(schedule, request, now).map(id -> new Claimed(request, id));
        if (claimed.isEmpty() && isRunningSomethingElse(schedule, request)) {
            overlaps.busy(schedule, request, waiting);
        } else if (claimed.isEmpty()) {
            LOG.debug("Attempt {} of {} at {} already claimed", request.attempt(), schedule.name(),
                    request.scheduledFireTime());
        }
        claimed.ifPresent(c -> held.hold(c.runId()));
        return claimed;
    }

    /** An attempt claimed with its fire ({@link FireClaims}): held from now on. */
    Claimed claimedWithFire(FireRequest request, long runId) {
        held.hold(runId);
        return new Claimed(request, runId);
    }

    private Optional<Long> insert(Schedule schedule, FireRequest attempt, Instant startedAt) {
        return records.claim(schedule.name(), schedule.operation(), attempt.kind().name(), attempt.scheduledFireTime(),
                startedAt, attempt.attempt(), identity.nodeId(), attempt.requestedBy());
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
        return runs.latestAttempt(schedule.name(), attempt.scheduledFireTime())
                .filter(run -> run.attempt() >= attempt.attempt()).isEmpty();
    }

    /**
     * A recovery: the latest attempt of the fire time decides. One that can still be interrupted
     * (RUNNING) under a fenced incarnation: interrupt it and claim the next; INTERRUPTED: claim the
     * next; ended otherwise: only finish what its node may not have done after a failure.
     */
    private Optional<Claimed> recover(Schedule schedule, FireRequest request, Instant now) throws SchedulerException {
        Optional<Run> latest = runs.latestAttempt(request.schedule(), request.scheduledFireTime());
        if (latest.isEmpty()) {
            return insert(schedule, request, now).map(id -> new Claimed(request, id));
        }
        Run run = latest.get();
        if (run.status() == RunStatus.INTERRUPTED) {
            return rerunInterrupted(schedule, request, run, now);
        }
        if (!run.status().canBecome(RunStatus.INTERRUPTED)) {
            LOG.info("Recovery of {} at {}: attempt {} already ended {}", request.schedule(),
                    request.scheduledFireTime(), run.attempt(), run.status());
            afterFailure.completeLost(schedule, request, run);
            return Optional.empty();
        }
        return interruptDead(schedule, request, run, now);
    }

    private Optional<Claimed> interruptDead(Schedule schedule, FireRequest request, Run run, Instant now) {
        FireRequest next = request.withAttempt(TriggerKind.RECOVERY, run.scheduledFireTime(), run.attempt() + 1);
        Optional<Long> id = runs.interruptAndClaim(run.id(), now, schedule.name(), schedule.operation(),
                run.scheduledFireTime(), next.attempt(), identity.nodeId(), run.requestedBy(), identity.incarnation());
        if (id.isEmpty()) {
            if (recoveredSince(schedule, run)) {
                LOG.info("Recovery of {} at {}: attempt {} was recovered already", request.schedule(),
                        request.scheduledFireTime(), run.attempt());
            } else {
                LOG.info("Recovery of {} at {}: attempt {} still runs on {}, whose incarnation is not fenced",
                        request.schedule(), request.scheduledFireTime(), run.attempt(), run.node());
            }
            return Optional.empty();
        }
        LOG.warn("Node {} died during attempt {} of {}; recovering on {}", run.node(), run.attempt(),
                request.schedule(), identity.nodeId());
        return Optional.of(new Claimed(next, id.get()));
    }

    /** Whether a later attempt of the run's fire time has been claimed since. */
    private boolean recoveredSince(Schedule schedule, Run run) {
        return runs.latestAttempt(schedule.name(), run.scheduledFireTime()).filter(r -> r.attempt() > run.attempt())
                .isPresent();
    }

    /**
     * The attempt's node ended it INTERRUPTED (stopped, or fenced while it handed it over) and may
     * have died before the next attempt was scheduled: claim that next attempt here. Should the
     * handover's own trigger come later, it finds its attempt claimed.
     */
    private Optional<Claimed> rerunInterrupted(Schedule schedule, FireRequest request, Run run, Instant now)
            throws SchedulerException {
        FireRequest next = request.withAttempt(TriggerKind.RECOVERY, run.scheduledFireTime(), run.attempt() + 1);
        Optional<Long> id = insert(schedule, next, now);
        if (id.isPresent()) {
            LOG.warn("Attempt {} of {} was interrupted on {}; running it again on {}", run.attempt(),
                    schedule.name(), run.node(), identity.nodeId());
            return Optional.of(new Claimed(next, id.get()));
        }
        if (!recoveredSince(schedule, run)) {
            overlaps.busy(schedule, next, false); // another attempt of the schedule runs: wait for it
        }
        return Optional.empty();
    }
}
