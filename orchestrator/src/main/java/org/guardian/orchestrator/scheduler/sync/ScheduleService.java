package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleEvent;
import org.guardian.orchestrator.core.ScheduleTransitions;
import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.guardian.orchestrator.db.ChangeDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.jdbi.v3.core.Jdbi;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The operator's actions on schedules and on the cluster, each persisted, audited and in effect
 * on every node at once (Quartz state lives in the shared database). Each action on a schedule is
 * an event its state machine ({@link ScheduleTransitions}) allows first: pause, resume and reset
 * from every state (repeating one is accepted and audited), run now from all but BLOCKED. A
 * failure of Quartz is a {@link SchedulingUnavailableException} saying what was stored.
 */
public final class ScheduleService {
    private final Jdbi jdbi;
    private final Scheduler scheduler;
    private final ScheduleSynchronizer synchronizer;
    private final Clock clock;

    public ScheduleService(Jdbi jdbi, Scheduler scheduler, ScheduleSynchronizer synchronizer, Clock clock) {
        this.jdbi = jdbi;
        this.scheduler = scheduler;
        this.synchronizer = synchronizer;
        this.clock = clock;
    }

    public void pause(String name, String user) {
        setPaused(name, user, true);
    }

    public void resume(String name, String user) {
        setPaused(name, user, false);
    }

    private void setPaused(String name, String user, boolean paused) {
        jdbi.useTransaction(handle -> {
            Schedule before = require(handle.attach(ScheduleDao.class), name);
            ScheduleTransitions.require(before, paused ? ScheduleEvent.PAUSE : ScheduleEvent.RESUME);
            handle.attach(ScheduleDao.class).setPaused(name, paused);
            handle.attach(ChangeDao.class).record(name, paused ? "PAUSE" : "RESUME", user,
                    "{\"paused\": " + before.paused() + "}", "{\"paused\": " + paused + "}");
        });
        QuartzCalls.run(storedNotApplied(name), () -> synchronizer.apply(name));
    }

    /** Lifts a suppression and clears the failure count. */
    public void reset(String name, String user) {
        jdbi.useTransaction(handle -> {
            Schedule before = require(handle.attach(ScheduleDao.class), name);
            ScheduleTransitions.require(before, ScheduleEvent.RESET);
            handle.attach(ScheduleDao.class).reset(name);
            handle.attach(ChangeDao.class).record(name, "RESET", user,
                    "{\"suppressedAt\": " + quote(before.suppressedAt()) + ", \"consecutiveFailures\": "
                            + before.consecutiveFailures() + "}",
                    "{\"suppressedAt\": null, \"consecutiveFailures\": 0}");
        });
        QuartzCalls.run(storedNotApplied(name), () -> synchronizer.apply(name));
    }

    /**
     * Runs the schedule now on some node, recorded MANUAL with the user.
     *
     * @param force run even if its dependencies are unmet
     * @return the fire time of the manual attempt
     * @throws RefusedException (CONFLICT) when its state may not be run now (BLOCKED)
     * @throws SchedulingUnavailableException when Quartz could not take the run (nothing is recorded)
     */
    public Instant trigger(String name, String user, boolean force) {
        Schedule schedule = require(jdbi.onDemand(ScheduleDao.class), name);
        ScheduleTransitions.require(schedule, ScheduleEvent.RUN_NOW);
        Instant at = QuartzCalls.call("schedule " + name + " was not run", () -> scheduleManualRun(name, user, force));
        jdbi.onDemand(ChangeDao.class).record(name, "TRIGGER", user, null, "{\"force\": " + force + "}");
        return at;
    }

    private Instant scheduleManualRun(String name, String user, boolean force) throws SchedulerException {
        JobKey job = QuartzKeys.job(name);
        if (!scheduler.checkExists(job)) {
            synchronizer.apply(name);
        }
        Instant now = clock.instant();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(name + "#" + UUID.randomUUID(), QuartzKeys.MANUAL)
                .forJob(job)
                .startAt(Date.from(now))
                .withPriority(10)
                .usingJobData(QuartzKeys.DATA_REQUESTED_BY, user)
                .usingJobData(QuartzKeys.DATA_FORCE, String.valueOf(force))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        scheduler.scheduleJob(trigger);
        return now;
    }

    /** Stops firing on every node (running attempts finish). */
    public void pauseAll(String user) {
        setGlobalPause(user, true);
        QuartzCalls.run("the cluster's pause is recorded, but Quartz did not apply it: pause again",
                scheduler::pauseAll);
    }

    public void resumeAll(String user) {
        setGlobalPause(user, false);
        QuartzCalls.run("the cluster's resume is recorded, but Quartz did not apply it: resume again",
                scheduler::resumeAll);
    }

    public boolean isGloballyPaused() {
        return jdbi.withExtension(ScheduleDao.class, ScheduleDao::globallyPaused);
    }

    private void setGlobalPause(String user, boolean paused) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("UPDATE orchestrator.cluster_state SET global_paused = :p, changed_by = :u,"
                    + " changed_at = now()").bind("p", paused).bind("u", user).execute();
            handle.attach(ChangeDao.class).record("*", paused ? "PAUSE_ALL" : "RESUME_ALL", user, null, null);
        });
    }

    private static Schedule require(ScheduleDao dao, String name) {
        return dao.find(name).orElseThrow(() -> RefusedException.notFound("no schedule named " + name));
    }

    private static String storedNotApplied(String name) {
        return "schedule " + name + " is changed, but Quartz is not yet in step with it (the reconciler will bring it)";
    }

    private static String quote(Instant instant) {
        return instant == null ? "null" : "\"" + instant + "\"";
    }
}
