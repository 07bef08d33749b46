package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Records the fire time a schedule with misfire policy SKIP did not run (it came while the
 * previous attempt was still running, or while the cluster could not fire): a SKIPPED row, claimed
 * once per fire time like any attempt. FIRE_ONCE schedules need nothing here: Quartz fires them
 * once, late.
 */
final class MisfireRecorder extends TriggerListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(MisfireRecorder.class);

    private final String nodeId;
    private final ScheduleDao schedules;
    private final RunDao runs;
    private final CronCache crons;
    private final Clock clock;

    MisfireRecorder(String nodeId, ScheduleDao schedules, RunDao runs, CronCache crons, Clock clock) {
        this.nodeId = nodeId;
        this.schedules = schedules;
        this.runs = runs;
        this.crons = crons;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return "misfire-recorder";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        if (!QuartzKeys.SCHEDULES.equals(trigger.getKey().getGroup()) || trigger.getNextFireTime() == null) {
            return;
        }
        try {
            Optional<Schedule> schedule = schedules.find(trigger.getJobKey().getName());
            if (schedule.isEmpty() || schedule.get().misfirePolicy() != MisfirePolicy.SKIP) {
                return;
            }
            CronSchedule cron = crons.get(schedule.get());
            Optional<Instant> fireTime = cron.canonicalFireTime(trigger.getNextFireTime().toInstant());
            if (fireTime.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            runs.claim(schedule.get().name(), schedule.get().operation(), "CRON", fireTime.get(), now, 1, nodeId, null)
                    .ifPresent(id -> {
                        runs.finish(id, "SKIPPED", now, 0, "misfired: could not start on time "
                                + "(previous attempt still running or cluster unavailable); misfire policy SKIP", null);
                        LOG.info("{}: fire time {} skipped (misfire policy SKIP)", schedule.get().name(), fireTime.get());
                    });
        } catch (RuntimeException e) {
            LOG.warn("Could not record the misfire of {}: {}", trigger.getKey(), e.toString());
        }
    }
}
