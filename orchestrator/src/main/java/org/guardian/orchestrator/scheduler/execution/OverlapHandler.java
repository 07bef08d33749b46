package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.RunTransitions;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.db.RunDao;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * What happens to a fire that comes while another attempt of its schedule runs: a cron fire under
 * SKIP is recorded SKIPPED; one under FIRE_ONCE runs once, late, when the running attempt ends (cron
 * fires meanwhile are SKIPPED, coalesced into it; a run of a later fire that starts first makes it
 * up); retries, recoveries and manual runs wait their turn. Waiting is a persistent Quartz trigger
 * (group {@code late}) tried every second, so that it survives the death of the node that scheduled it.
 */
public final class OverlapHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OverlapHandler.class);
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final String nodeId;
    private final Scheduler scheduler;
    private final RunDao runs;
    private final Clock clock;

    public OverlapHandler(String nodeId, Scheduler scheduler, RunDao runs, Clock clock) {
        this.nodeId = nodeId;
        this.scheduler = scheduler;
        this.runs = runs;
        this.clock = clock;
    }

    void busy(Schedule schedule, FireRequest request, boolean alreadyWaiting) throws SchedulerException {
        boolean cronFire = request.kind() == TriggerKind.CRON && !alreadyWaiting;
        if (cronFire && schedule.misfirePolicy() == MisfirePolicy.SKIP) {
            skip(schedule, request, "misfired: the previous attempt was still running; misfire policy SKIP");
        } else if (cronFire && hasWaitingCronFire(schedule)) {
            skip(schedule, request, "misfired: the previous attempt was still running; coalesced into the one"
                    + " late run already waiting (misfire policy FIRE_ONCE)");
        } else {
            waitForTurn(schedule, request);
        }
    }

    /**
     * Whether a late cron fire was made up by a run of a later fire time that started while it
     * waited (an on-time fire that came just after the running attempt ended): then it is recorded
     * SKIPPED, so that an older fire never runs after a newer one.
     */
    boolean madeUpByLaterRun(Schedule schedule, FireRequest request) {
        if (request.kind() != TriggerKind.CRON) {
            return false;
        }
        Optional<Instant> later = runs.laterCronRun(schedule.name(), request.scheduledFireTime());
        later.ifPresent(fireTime -> skip(schedule, request, "misfired: coalesced into the run of fire time "
                + fireTime + ", which started after it (misfire policy FIRE_ONCE)"));
        return later.isPresent();
    }

    private void skip(Schedule schedule, FireRequest request, String reason) {
        RunTransitions.create(RunStatus.SKIPPED);
        runs.recordSkipped(schedule.name(), schedule.operation(), request.kind().name(), request.scheduledFireTime(),
                clock.instant(), request.attempt(), nodeId, reason, request.requestedBy());
        LOG.info("{}: fire time {} {}", schedule.name(), request.scheduledFireTime(), reason);
    }

    /**
     * Read through the schedule's job (indexed), not the group of late triggers (a scan of every
     * trigger). A late trigger that has fired (no next fire time) is the run going on, not one waiting.
     */
    private boolean hasWaitingCronFire(Schedule schedule) throws SchedulerException {
        String prefix = schedule.name() + "#" + TriggerKind.CRON + "#";
        for (Trigger trigger : scheduler.getTriggersOfJob(QuartzKeys.job(schedule.name()))) {
            TriggerKey key = trigger.getKey();
            if (key.getGroup().equals(QuartzKeys.LATE) && key.getName().startsWith(prefix)
                    && trigger.getNextFireTime() != null) {
                return true;
            }
        }
        return false;
    }

    private void waitForTurn(Schedule schedule, FireRequest request) throws SchedulerException {
        Instant when = clock.instant().plus(RETRY_EVERY);
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(schedule.name() + "#" + request.kind() + "#" + UUID.randomUUID(), QuartzKeys.LATE)
                .forJob(QuartzKeys.job(schedule.name()))
                .startAt(Date.from(when))
                .withPriority(schedule.quartzPriority())
                .usingJobData(QuartzKeys.DATA_KIND, request.kind().name())
                .usingJobData(QuartzKeys.DATA_FIRE_TIME, String.valueOf(request.scheduledFireTime().toEpochMilli()))
                .usingJobData(QuartzKeys.DATA_ATTEMPT, String.valueOf(request.attempt()))
                .usingJobData(QuartzKeys.DATA_REQUESTED_BY, request.requestedBy() == null ? "" : request.requestedBy())
                .usingJobData(QuartzKeys.DATA_FORCE, String.valueOf(request.force()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(trigger);
        } catch (ObjectAlreadyExistsException e) {
            // cannot happen with a random name
        }
        LOG.debug("{}: {} attempt {} of {} waits for the running attempt", schedule.name(), request.kind(),
                request.attempt(), request.scheduledFireTime());
    }
}
