package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleEvent;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.core.ScheduleTransitions;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.scheduler.store.QuartzScheduleSnapshot;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One reconciliation pass over the schedules it is given, against one snapshot of Quartz: a
 * schedule Quartz already holds as it should costs no call to Quartz; schedules Quartz lacks
 * entirely are added in batches (one transaction each); the others are reconciled one by one.
 * One that cannot fire is BLOCKED with its reason and the others carry on. Next runs are written
 * together at the end.
 */
final class ReconcilePass {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePass.class);
    static final int BATCH = 500;

    private final ScheduleDao dao;
    private final Scheduler scheduler;
    private final ScheduleReconciler reconciler;
    private final QuartzScheduleSnapshot quartz;
    private final CronCache crons;
    private final Instant now;
    private final BlockListener blockListener;
    private final List<Schedule> absent = new ArrayList<>();
    private final List<String> nextRunNames = new ArrayList<>();
    private final List<Long> nextRuns = new ArrayList<>();

    ReconcilePass(ScheduleDao dao, Scheduler scheduler, ScheduleReconciler reconciler, QuartzScheduleSnapshot quartz,
                  CronCache crons, Clock clock, BlockListener blockListener) {
        this.dao = dao;
        this.scheduler = scheduler;
        this.reconciler = reconciler;
        this.quartz = quartz;
        this.crons = crons;
        this.now = clock.instant();
        this.blockListener = blockListener;
    }

    /** Brings Quartz and the row in step with {@code schedule}, blocked for {@code reason} when not null. */
    void reconcile(Schedule schedule, String reason) throws SchedulerException {
        if (reconciler.inStep(schedule, reason != null, quartz)) {
            if (reason != null) {
                block(schedule, reason);
            } else {
                unblock(schedule);
                nextRun(schedule);
            }
        } else if (reason == null && !quartz.hasJob(schedule.name())) {
            absent.add(schedule);
        } else {
            reconcileAlone(schedule, reason);
        }
    }

    /** Adds what Quartz lacks, writes the next runs and removes the jobs of schedules gone from {@code names}. */
    void finish(Set<String> names) throws SchedulerException {
        for (int from = 0; from < absent.size(); from += BATCH) {
            addTogether(absent.subList(from, Math.min(absent.size(), from + BATCH)));
        }
        for (int from = 0; from < nextRunNames.size(); from += 5_000) {
            int to = Math.min(nextRunNames.size(), from + 5_000);
            dao.setNextRuns(nextRunNames.subList(from, to).toArray(String[]::new),
                    nextRuns.subList(from, to).toArray(Long[]::new));
        }
        for (String job : quartz.jobs()) {
            if (!names.contains(job)) {
                scheduler.deleteJob(QuartzKeys.job(job));
                LOG.info("Schedule {} is gone from the table; removed from Quartz", job);
            }
        }
    }

    /** Schedules Quartz holds nothing of, added in one transaction; should Quartz refuse one, each is tried alone. */
    private void addTogether(List<Schedule> batch) throws SchedulerException {
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        List<Schedule> built = new ArrayList<>();
        for (Schedule schedule : batch) {
            try {
                jobs.put(ScheduleReconciler.jobDetail(schedule), reconciler.cronTriggersToAdd(schedule));
                built.add(schedule);
            } catch (RuntimeException e) {
                reconcileAlone(schedule, null);
            }
        }
        try {
            scheduler.scheduleJobs(jobs, false);
        } catch (SchedulerException | RuntimeException e) {
            if (!(e instanceof ObjectAlreadyExistsException) && !ScheduleReconciler.refusedForTheSchedule(e)) {
                throw e;
            }
            LOG.info("Adding {} schedules together failed ({}); adding each alone", built.size(), e.getMessage());
            for (Schedule schedule : built) {
                reconcileAlone(schedule, null);
            }
            return;
        }
        for (Schedule schedule : built) {
            unblock(schedule);
            nextRun(schedule);
        }
    }

    /**
     * Reconciles one schedule; when Quartz refuses it for a reason of its own, the schedule is
     * BLOCKED with that reason. The reason is cleared only once Quartz holds the schedule, so a
     * schedule Quartz keeps refusing stays BLOCKED throughout.
     */
    private void reconcileAlone(Schedule schedule, String reason) throws SchedulerException {
        try {
            if (reason != null) {
                block(schedule, reason);
                reconciler.apply(schedule, true);
                return;
            }
            reconciler.apply(schedule, false);
            unblock(schedule);
            nextRun(schedule);
        } catch (SchedulerException | RuntimeException e) {
            if (!ScheduleReconciler.refusedForTheSchedule(e)) {
                throw e;
            }
            block(schedule, "Quartz refused it: " + e.getMessage());
            scheduler.deleteJob(QuartzKeys.job(schedule.name()));
        }
    }

    private void nextRun(Schedule schedule) {
        Instant next = ScheduleReconciler.fires(schedule) ? crons.nextFireTime(schedule, now) : null;
        if (Objects.equals(next, schedule.nextRun())) {
            return; // already right: a pass over 100,000 schedules writes only those that moved
        }
        nextRunNames.add(schedule.name());
        nextRuns.add(next == null ? null : next.toEpochMilli());
    }

    /** BLOCK is allowed from every state (a new reason replaces the old); the same reason writes nothing. */
    private void block(Schedule schedule, String reason) {
        if (!Objects.equals(reason, schedule.blockedReason())
                && ScheduleTransitions.allows(ScheduleState.of(schedule), ScheduleEvent.BLOCK)) {
            dao.setBlockedReason(schedule.name(), reason).ifPresent(transition -> {
                LOG.warn("Schedule {} is BLOCKED: {}", schedule.name(), reason);
                blockListener.blocked(schedule.name(), reason, transition);
            });
        }
    }

    /** UNBLOCK only from BLOCKED: a schedule that is not has nothing to write. */
    private void unblock(Schedule schedule) {
        if (ScheduleTransitions.allows(ScheduleState.of(schedule), ScheduleEvent.UNBLOCK)) {
            dao.setBlockedReason(schedule.name(), null).ifPresent(transition -> {
                LOG.info("Schedule {} is no longer BLOCKED", schedule.name());
                blockListener.unblocked(schedule.name(), transition);
            });
        }
    }
}
