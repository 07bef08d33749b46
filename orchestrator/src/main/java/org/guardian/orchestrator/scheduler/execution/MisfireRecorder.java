package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.RunTransitions;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Records the fire time a schedule with misfire policy SKIP did not run (it came while the
 * previous attempt was still running, or while the cluster could not fire): a SKIPPED row, claimed
 * once per fire time like any attempt. FIRE_ONCE schedules need nothing here: Quartz fires them
 * once, late.
 */
public final class MisfireRecorder extends TriggerListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(MisfireRecorder.class);

    private final NodeIdentity identity;
    private final ScheduleDao schedules;
    private final RunDao runs;
    private final CronCache crons;
    private final Clock clock;

    private final ExecutorService recorder = Executors.newSingleThreadExecutor(DaemonThreads.named("orch-misfire-recorder"));

    public MisfireRecorder(NodeIdentity identity, ScheduleDao schedules, RunDao runs, CronCache crons, Clock clock) {
        this.identity = identity;
        this.schedules = schedules;
        this.runs = runs;
        this.crons = crons;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return "misfire-recorder";
    }

    /**
     * Quartz calls this while it holds its cluster-wide trigger lock: only SKIP schedules (their
     * triggers say "do nothing" on misfire) are recorded, and off that thread.
     */
    @Override
    public void triggerMisfired(Trigger trigger) {
        if (!QuartzKeys.SCHEDULES.equals(trigger.getKey().getGroup()) || trigger.getNextFireTime() == null
                || trigger.getMisfireInstruction() != CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING) {
            return;
        }
        String scheduleName = trigger.getJobKey().getName();
        Instant missed = trigger.getNextFireTime().toInstant();
        recorder.execute(() -> record(scheduleName, missed));
    }

    private void record(String scheduleName, Instant missed) {
        try {
            Optional<Schedule> schedule = schedules.find(scheduleName);
            if (schedule.isEmpty() || schedule.get().misfirePolicy() != MisfirePolicy.SKIP) {
                return;
            }
            CronSchedule cron = crons.get(schedule.get());
            Optional<Instant> fireTime = cron.canonicalFireTime(missed);
            if (fireTime.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            runs.claim(schedule.get().name(), schedule.get().operation(), "CRON", fireTime.get(), now, 1,
                            identity.nodeId(), null, identity.incarnation())
                    .ifPresent(id -> {
                        runs.finish(id, RunTransitions.end(RunStatus.SKIPPED).name(), now, 0,
                                "misfired: could not start on time (previous attempt still running or cluster"
                                        + " unavailable); misfire policy SKIP", null, identity.incarnation());
                        LOG.info("{}: fire time {} skipped (misfire policy SKIP)", schedule.get().name(), fireTime.get());
                    });
        } catch (RuntimeException e) {
            LOG.warn("Could not record the misfire of {} at {}: {}", scheduleName, missed, e.toString());
        }
    }
}
