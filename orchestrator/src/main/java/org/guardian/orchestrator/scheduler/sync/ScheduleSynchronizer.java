package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.guardian.orchestrator.scheduler.LoopProgress;
import io.dropwizard.lifecycle.Managed;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleDefinition;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.db.SessionOpener;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes Quartz match {@code maintenance_schedules} (the source of truth): at start, after every change
 * through the API, and within one poll interval of a direct SQL edit ({@link ReconcilePass}): one
 * schedule that cannot fire is BLOCKED with its reason and the others carry on. Passes are
 * serialized across the cluster by an advisory lock and change Quartz only where it differs; one
 * node at a time makes the periodic full pass that serves as a safety net.
 */
public final class ScheduleSynchronizer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSynchronizer.class);
    private static final int FULL_PASS_EVERY = 12;
    /** More schedules edited since the last full pass than this: a full pass (recorded) is made instead. */
    private static final int EDITED_MAX = 5_000;

    private final FailureStreak failing = new FailureStreak(LOG, "Reconciliation");
    private final Jdbi jdbi;
    private final Scheduler scheduler;
    private final CronCache crons;
    private final TriggerPlan plan;
    private final ScheduleReconciler reconciler;
    private final Clock clock;
    private final int pollSeconds;
    private final int fullPassSeconds; // the cluster's least period between full passes
    /** On-demand DAO: each call takes a connection of its own, outside any pass's handle. */
    private final ScheduleDao schedules;
    private final LockedPass passes;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-reconciler"));
    /** Stores the batches of schedules Quartz lacks while the pass goes on ({@link ReconcilePass}). */
    private final ExecutorService adder = Executors.newSingleThreadExecutor(DaemonThreads.named("orch-quartz-adder"));
    private volatile BlockListener blockListener = BlockListener.NONE;
    private EditListener editListener;
    private volatile String lastSignature = "";
    private int polls;

    public ScheduleSynchronizer(Jdbi jdbi, Scheduler scheduler, OperationRegistry registry, CronCache crons,
                                Clock clock, int pollSeconds) {
        this.jdbi = jdbi;
        this.scheduler = scheduler;
        this.crons = crons;
        this.plan = new TriggerPlan(crons, clock);
        this.reconciler = new ScheduleReconciler(scheduler, registry, plan);
        this.clock = clock;
        this.pollSeconds = pollSeconds;
        this.fullPassSeconds = FULL_PASS_EVERY * pollSeconds;
        this.schedules = jdbi.onDemand(ScheduleDao.class);
        this.passes = new LockedPass(jdbi, scheduler, reconciler, crons, clock, adder);
    }

    /** Who hears of the schedules this node's passes block and unblock. */
    public void onBlockChange(BlockListener listener) {
        this.blockListener = listener;
    }

    /**
     * Reconciles, starting {@code firing} once Quartz can be trusted (on a complete pass, once the
     * schedules it holds are in step; else after the pass), then polls every interval; each poll
     * is the reconciler's progress.
     */
    public void start(LoopProgress progress, Firing firing) throws Exception {
        startingPass(firing);
        if (!scheduler.isStarted()) { // a joining pass does not start it
            firing.start();
        }
        poller.scheduleWithFixedDelay(() -> poll(progress), pollSeconds, pollSeconds, TimeUnit.SECONDS);
        if (editListener != null) {
            editListener.start();
        }
    }

    @Override
    public void stop() {
        if (editListener != null) {
            editListener.stop();
        }
        poller.shutdownNow();
        adder.shutdown();
    }

    private void poll(LoopProgress progress) {
        try {
            progress.beat();
            if (!reconcileIfChanged() && ++polls % FULL_PASS_EVERY == 0 && fullPassDue()) {
                synchronizeAll();
            }
            failing.succeeded();
        } catch (Throwable t) {
            failing.failed(t);
        }
    }

    /** Reconciles as soon as definitions change (the table's NOTIFY), besides each poll; call before {@link #start}. */
    public void listenForEdits(SessionOpener sessions) {
        editListener = new EditListener(sessions, poller, this::reconcileIfChanged);
    }

    /** A pass when the table's signature moved since this node's last; returns whether it made one. */
    private boolean reconcileIfChanged() throws SchedulerException {
        if (schedules.signature().equals(lastSignature)) {
            return false;
        }
        catchUp();
        return true;
    }

    /**
     * After an edit every node hears of: the first to hold the lock reconciles what changed, and the
     * others find the table as it is recorded and make the joining pass (at 100,000 schedules, one
     * pass over the edits per edit instead of one full pass per node, each holding the lock for seconds).
     */
    private synchronized void catchUp() throws SchedulerException {
        lastSignature = passes.run(this::scopeUnderLock, blockListener, Firing.STARTED);
    }

    /**
     * Chosen under the pass lock: the joining scope when Quartz was recorded matching the table as it
     * is now, the schedules edited since a recent full pass (when there are few), or a full pass.
     */
    private PassScope scopeUnderLock(ScheduleDao dao, String signature) {
        if (dao.recentlyReconciled(signature, fullPassSeconds)) {
            return PassScope.joining(reconciler);
        }
        List<String> edited = dao.recentFullPassSnapshot(fullPassSeconds).map(dao::editedSince).orElse(null);
        return edited == null || edited.size() > EDITED_MAX ? PassScope.all()
                : PassScope.edited(Set.copyOf(edited), reconciler);
    }

    /**
     * The periodic full pass is the cluster's, not each node's: a node whose turn comes makes it
     * only when no node made one within the last 90 % of the period (a little slack so that the
     * node whose turn it is finds it due), or 50 times the last one's length when longer
     * ({@link ScheduleDao#FULL_PASS_PERIOD}): at 100,000 schedules a pass holds the lock seconds.
     */
    private boolean fullPassDue() {
        return schedules.claimFullReconcile(fullPassSeconds * 0.9).isPresent();
    }

    /** Reconciles every schedule. */
    public synchronized void synchronizeAll() throws SchedulerException {
        lastSignature = passes.run((dao, signature) -> PassScope.all(), blockListener, Firing.STARTED);
    }

    /**
     * A node joining a cluster whose recent full pass saw the table finds Quartz (shared) matching it
     * but for the schedules edited since and what its own operations decide ({@link #scopeUnderLock});
     * otherwise, or on a fresh database, it makes a full pass. Decided under the pass lock, so that
     * nodes started together make one full pass between them: the others wait for it and find it recorded.
     */
    private synchronized void startingPass(Firing firing) throws SchedulerException {
        int full = passes.fullPasses();
        lastSignature = passes.run(this::scopeUnderLock, blockListener, firing);
        if (passes.fullPasses() == full) {
            LOG.info("Quartz already matches the schedules (the cluster's recent full pass); examined the {}"
                    + " edited since or this node's operations could block or unblock", passes.examined());
        }
    }

    public CronCache crons() {
        return crons;
    }

    /** How many schedules the last pass worked out the blocked reason of (all but a joining node's few). */
    public int examined() {
        return passes.examined();
    }

    /** Full passes this node made. */
    public int fullPasses() {
        return passes.fullPasses();
    }

    /** Passes of any scope this node made. */
    public int passes() {
        return passes.passes();
    }

    /**
     * Reconciles one schedule now (after a change through the API), plus any other whose blocked
     * state the change alters (a dependency appearing or going away); the poller's full pass
     * catches everything else.
     */
    public synchronized void apply(String name) throws SchedulerException {
        passes.run((dao, signature) -> PassScope.one(name), blockListener, Firing.STARTED);
    }

    /** @throws RefusedException (INVALID) when Quartz could not schedule the definition's cron */
    public void checkSchedulable(ScheduleDefinition definition) {
        String problem = plan.problem(Schedule.planned(definition, null));
        if (problem != null) {
            throw RefusedException.invalid(List.of(problem));
        }
    }

    /**
     * Runs {@code write}, a transaction that changes one schedule's definition and brings Quartz in
     * step through the {@link QuartzStep} before writing its row: row and Quartz change together or
     * not at all. No pass runs anywhere meanwhile (the pass lock is held to the commit). Quartz goes
     * first so that no row lock is held while Quartz works: an attempt recording its outcome may
     * wait for that row while holding what Quartz needs. When the transaction fails after Quartz
     * changed, a pass puts Quartz back as the table says.
     */
    public synchronized void writeInStep(String name, InStepWrite write) throws SchedulerException {
        QuartzStep step = new QuartzStep(reconciler);
        try {
            jdbi.useTransaction(handle -> {
                PassLock.holdForTransaction(handle);
                write.run(handle, step);
            });
        } catch (SchedulerException | RuntimeException e) {
            if (step.changedQuartz()) {
                reconcileQuietly(name);
            }
            throw e;
        }
        reconcileQuietly(name); // its next run, and the schedules whose blocked state it changes
    }

    private void reconcileQuietly(String name) {
        try {
            apply(name);
        } catch (SchedulerException | RuntimeException e) {
            LOG.warn("Could not reconcile {} after its change (the next pass will): {}", name, e.toString());
        }
    }
}
