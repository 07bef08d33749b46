package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.RunDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands to recovery (ended INTERRUPTED, run again) the attempts left RUNNING that nobody will finish:
 * those of a fenced incarnation that Quartz's recovery did not take (one node at a time looks), and
 * those of this node that it has not held (running, waiting or being recorded) for {@link #UNHELD_FOR}:
 * their outcome was lost (a write given up, or a promoted standby without the last commits).
 */
public final class AttemptSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptSweeper.class);
    /** How long an attempt of this node stays RUNNING in the table and unheld in every sweep before it is swept. */
    static final Duration UNHELD_FOR = Duration.ofSeconds(5);

    private final FailureStreak failing = new FailureStreak(LOG, "Sweeping stuck attempts");
    private final NodeIdentity identity;
    private final Jdbi jdbi;
    private final RunDao runs;
    private final Scheduler scheduler;
    private final HeldAttempts held;
    private final Duration period;
    private final LoopProgress progress;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-sweeper"));
    private volatile long lastSweepNanos = System.nanoTime();
    private volatile Set<Long> lastFound = Set.of();
    private volatile Set<Long> stuck = Set.of();
    /** Attempts of this node found RUNNING and unheld by the last sweep: since when (nanoTime). */
    private Map<Long, Long> unheldSince = Map.of();

    /** @param progress where each successful sweep is recorded */
    public AttemptSweeper(NodeIdentity identity, Jdbi jdbi, Scheduler scheduler, HeldAttempts held, Duration period,
                   LoopProgress progress) {
        this.identity = identity;
        this.jdbi = jdbi;
        this.runs = jdbi.onDemand(RunDao.class);
        this.scheduler = scheduler;
        this.held = held;
        this.period = period;
        this.progress = progress;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::sweepQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
            lastSweepNanos = System.nanoTime();
            progress.beat();
            failing.succeeded();
        } catch (Throwable t) {
            failing.failed(t);
        }
    }

    /** One sweep; returns the attempts handed to recovery. */
    synchronized List<Run> sweep() throws SchedulerException {
        List<Run> found = new ArrayList<>(stranded());
        found.addAll(unheldLongEnough());
        for (Run run : found) {
            recover(run);
        }
        Set<Long> ids = new HashSet<>();
        found.forEach(run -> ids.add(run.id()));
        Set<Long> persisting = new HashSet<>(ids);
        persisting.retainAll(lastFound);
        stuck = persisting;
        lastFound = ids;
        return found;
    }

    /** Own attempts RUNNING in the table and not held here in any sweep for {@link #UNHELD_FOR}, ended INTERRUPTED. */
    private List<Run> unheldLongEnough() {
        long now = System.nanoTime();
        Map<Long, Long> seen = new HashMap<>();
        List<Run> due = new ArrayList<>();
        for (Run run : runs.runningOf(identity.incarnation(), UNHELD_FOR.toSeconds())) {
            if (held.holds(run.id())) {
                continue;
            }
            long since = unheldSince.getOrDefault(run.id(), now);
            if (now - since < UNHELD_FOR.toNanos()) {
                seen.put(run.id(), since);
            } else if (abandon(run)) {
                due.add(run);
            }
        }
        unheldSince = seen;
        return due;
    }

    /** Ends INTERRUPTED an attempt this node no longer holds, a change the run's state machine allows a RUNNING one. */
    private boolean abandon(Run run) {
        return run.status().canBecome(RunStatus.INTERRUPTED) && runs.abandon(run.id(), identity.incarnation(), "node "
                + identity.nodeId() + " no longer held the attempt and its outcome was never recorded") > 0;
    }

    /** Attempts of fenced incarnations, looked for by one node at a time. */
    private List<Run> stranded() {
        try (Handle handle = jdbi.open()) {
            return handle.inTransaction(h -> {
                boolean mine = h.createQuery("SELECT pg_try_advisory_xact_lock(:cls, :key)")
                        .bind("cls", AdvisoryLocks.CLUSTER_TASKS).bind("key", AdvisoryLocks.STUCK_ATTEMPT_SWEEP).mapTo(Boolean.class).one();
                return mine ? h.attach(RunDao.class).stranded(2.0 * period.toMillis() / 1000) : List.<Run>of();
            });
        }
    }

    private void recover(Run run) throws SchedulerException {
        JobKey job = QuartzKeys.job(run.schedule());
        if (!scheduler.checkExists(job)) {
            // blocked or deleted: nothing runs it again
            if (run.status().canBecome(RunStatus.INTERRUPTED) && runs.markInterrupted(run.id(), Instant.now()) > 0) {
                LOG.warn("Attempt {} of {} was stranded on {}; its schedule cannot run, so it is only ended",
                        run.attempt(), run.schedule(), run.node());
            }
            return;
        }
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity("sweep#" + run.id(), Scheduler.DEFAULT_RECOVERY_GROUP)
                .forJob(job)
                .startNow()
                .usingJobData(QuartzKeys.DATA_FIRE_TIME, String.valueOf(run.scheduledFireTime().toEpochMilli()))
                .usingJobData(QuartzKeys.DATA_REQUESTED_BY, run.requestedBy() == null ? "" : run.requestedBy())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(trigger);
            LOG.warn("Attempt {} of {} on {} was stuck RUNNING; handed to recovery", run.attempt(), run.schedule(),
                    run.node());
        } catch (ObjectAlreadyExistsException e) {
            // handed over by an earlier sweep, not yet run
        }
    }

    /** Attempts found stuck in two sweeps in a row (recovery did not take them). */
    public Set<Long> stuck() {
        return stuck;
    }

    /** When the last sweep ended, in {@link System#nanoTime} nanoseconds. */
    public long lastSweepNanos() {
        return lastSweepNanos;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
