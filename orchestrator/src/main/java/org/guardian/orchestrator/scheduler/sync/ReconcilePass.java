package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Examples;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleEvent;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.core.ScheduleTransitions;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.scheduler.store.QuartzScheduleSnapshot;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * One reconciliation pass over the schedules it is given, against what Quartz holds of them (read
 * once for a pass over every schedule, else a slice at a time): a schedule Quartz already holds as
 * it should costs no call to Quartz; schedules Quartz lacks entirely are added in batches (one
 * transaction each, stored by the {@code adder} thread while the pass goes on); the others are
 * reconciled one by one. One that cannot fire is BLOCKED with its reason and the others carry on.
 * Next runs are written together at the end.
 */
final class ReconcilePass {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePass.class);
    static final int BATCH = 500;

    private final ScheduleDao dao;
    private final Scheduler scheduler;
    private final ScheduleReconciler reconciler;
    private final Connection connection;
    /** What Quartz holds of every schedule, read at the start of a pass over all of them; else null. */
    private final QuartzScheduleSnapshot whole;
    private final BlockListener blockListener;
    private final ExecutorService adder;
    private final List<Schedule> absent = new ArrayList<>();
    /** The batch the adder is storing, if any: one at a time, settled on this thread. */
    private Batch adding;
    private final NextRuns nextRuns;

    /** {@code connection}: the pass's own, on which it reads what Quartz holds ({@code everySchedule}: all at once). */
    ReconcilePass(ScheduleDao dao, Connection connection, boolean everySchedule, Scheduler scheduler,
                  ScheduleReconciler reconciler, CronCache crons, Clock clock, BlockListener blockListener,
                  ExecutorService adder) throws JobPersistenceException {
        this.dao = dao;
        this.connection = connection;
        this.whole = everySchedule ? QuartzScheduleSnapshot.read(connection, QuartzKeys.SCHEDULES, null) : null;
        this.scheduler = scheduler;
        this.reconciler = reconciler;
        this.nextRuns = new NextRuns(dao, crons, clock.instant());
        this.blockListener = blockListener;
        this.adder = adder;
    }

    /** Whether Quartz holds each schedule's job (for a pass over every schedule, when it began). */
    Predicate<Schedule> held(List<Schedule> schedules) throws JobPersistenceException {
        QuartzScheduleSnapshot quartz = quartzOf(schedules);
        return schedule -> quartz.hasJob(schedule.name());
    }

    /** Brings Quartz and the rows in step with {@code schedules}, each blocked for its reason in {@code reasons} if any. */
    void reconcile(List<Schedule> schedules, List<String> reasons) throws SchedulerException {
        if (schedules.isEmpty()) {
            return;
        }
        QuartzScheduleSnapshot quartz = quartzOf(schedules);
        for (int i = 0; i < schedules.size(); i++) {
            reconcile(schedules.get(i), reasons.get(i), quartz);
        }
    }

    private QuartzScheduleSnapshot quartzOf(List<Schedule> schedules) throws JobPersistenceException {
        return whole != null ? whole : QuartzScheduleSnapshot.read(connection, QuartzKeys.SCHEDULES,
                schedules.stream().map(Schedule::name).toList());
    }

    private void reconcile(Schedule schedule, String reason, QuartzScheduleSnapshot quartz) throws SchedulerException {
        if (reconciler.inStep(schedule, reason != null, quartz)) {
            if (reason != null) {
                block(schedule, reason);
            } else {
                unblock(schedule);
                nextRuns.of(schedule);
            }
        } else if (reason == null && !quartz.hasJob(schedule.name())) {
            absent.add(schedule);
            if (absent.size() == BATCH) {
                addAbsent();
            }
        } else {
            reconcileAlone(schedule, reason);
        }
    }

    /** Adds what Quartz lacks and writes the next runs; when {@code complete}, {@link #removeGone}. */
    void finish(boolean complete) throws SchedulerException {
        addAbsent();
        settle();
        nextRuns.write();
        if (complete) {
            removeGone();
        }
    }

    /** Removes the jobs of schedules gone from the table, a batch per transaction (2,000 one by one took 19 s). */
    void removeGone() throws SchedulerException {
        List<String> gone = QuartzScheduleSnapshot.withoutRow(connection, QuartzKeys.SCHEDULES);
        for (int from = 0; from < gone.size(); from += BATCH) {
            List<String> batch = gone.subList(from, Math.min(gone.size(), from + BATCH));
            scheduler.deleteJobs(batch.stream().map(QuartzKeys::job).toList());
            LOG.info("{} schedule(s) gone from the table, removed from Quartz: {}", batch.size(),
                    Examples.of(batch.subList(0, Math.min(Examples.MAX, batch.size())), batch.size()));
        }
    }

    /** Hands the absent schedules to the adder as one batch (triggers built here, over the cores) once the last is settled. */
    private void addAbsent() throws SchedulerException {
        settle();
        if (absent.isEmpty()) {
            return;
        }
        List<Set<? extends Trigger>> triggers = absent.parallelStream().map(this::triggersOrNull).toList();
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        List<Schedule> built = new ArrayList<>();
        List<Schedule> unbuilt = new ArrayList<>();
        for (int i = 0; i < absent.size(); i++) {
            if (triggers.get(i) == null) {
                unbuilt.add(absent.get(i));
            } else {
                jobs.put(ScheduleReconciler.jobDetail(absent.get(i)), triggers.get(i));
                built.add(absent.get(i));
            }
        }
        absent.clear();
        adding = new Batch(built, unbuilt, adder.submit(() -> store(jobs)));
    }

    /** The cron triggers to add with the schedule's job, or null when they cannot be built (the schedule is tried alone). */
    private Set<? extends Trigger> triggersOrNull(Schedule schedule) {
        try {
            return reconciler.cronTriggersToAdd(schedule);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stores the jobs in one transaction (on the adder's thread); returns why not, or null. */
    private Exception store(Map<JobDetail, Set<? extends Trigger>> jobs) {
        try {
            scheduler.scheduleJobs(jobs, false);
            return null;
        } catch (SchedulerException | RuntimeException e) {
            return e;
        }
    }

    /** After a failed pass: waits for the batch in the adder's hands, whatever becomes of it (the next pass sees it). */
    void drain() {
        if (adding != null) {
            try {
                adding.stored().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.debug("A batch of a failed pass failed too: {}", e.getCause().toString());
            }
            adding = null;
        }
    }

    /** Waits for the batch in the adder's hands, if any, and records what became of it. */
    private void settle() throws SchedulerException {
        if (adding == null) {
            return;
        }
        Batch batch = adding;
        adding = null;
        try {
            recordAdded(batch, batch.stored().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException("Interrupted while schedules were added", e);
        } catch (ExecutionException e) {
            throw new SchedulerException("Adding schedules failed: " + e.getCause(), e.getCause());
        }
    }

    /** Should Quartz refuse one schedule of a batch, each is tried alone (others fail the pass). */
    private void recordAdded(Batch batch, Exception failure) throws SchedulerException {
        for (Schedule schedule : batch.unbuilt()) {
            reconcileAlone(schedule, null);
        }
        if (failure != null) {
            if (!(failure instanceof ObjectAlreadyExistsException) && !ScheduleReconciler.refusedForTheSchedule(failure)) {
                if (failure instanceof SchedulerException se) {
                    throw se;
                }
                throw (RuntimeException) failure;
            }
            LOG.info("Adding {} schedules together failed ({}); adding each alone", batch.built().size(),
                    failure.getMessage());
            for (Schedule schedule : batch.built()) {
                reconcileAlone(schedule, null);
            }
            return;
        }
        for (Schedule schedule : batch.built()) {
            unblock(schedule);
            nextRuns.of(schedule);
        }
    }

    /** Schedules handed to the adder together ({@code built}), those whose triggers could not be built, and the store's outcome. */
    private record Batch(List<Schedule> built, List<Schedule> unbuilt, Future<Exception> stored) {
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
            nextRuns.of(schedule);
        } catch (SchedulerException | RuntimeException e) {
            if (!ScheduleReconciler.refusedForTheSchedule(e)) {
                throw e;
            }
            block(schedule, "Quartz refused it: " + e.getMessage());
            scheduler.deleteJob(QuartzKeys.job(schedule.name()));
        }
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
