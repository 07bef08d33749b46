package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.NodeSessions;
import org.guardian.orchestrator.scheduler.execution.AttemptSweeper;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.guardian.orchestrator.scheduler.execution.OutcomeBatcher;
import org.guardian.orchestrator.scheduler.policy.BackendSignaller;
import org.guardian.orchestrator.scheduler.policy.TimeoutGuard;
import org.guardian.orchestrator.scheduler.store.ExitOnFence;
import org.guardian.orchestrator.scheduler.store.FenceHandler;
import org.guardian.orchestrator.scheduler.store.HotTableVacuum;
import org.guardian.orchestrator.scheduler.store.NodeLiveness;
import org.guardian.orchestrator.scheduler.store.PrefetchingThreadPool;
import org.guardian.orchestrator.scheduler.store.QuartzSchedulerBuilder;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.guardian.orchestrator.scheduler.sync.ScheduleSynchronizer;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.notify.NotificationSweeper;
import org.guardian.orchestrator.notify.Notifications;
import org.guardian.orchestrator.notify.Notifier;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One orchestrator node's scheduling side, wired: the clustered Quartz scheduler, the
 * reconciler and the execution path. The Dropwizard application and the cluster tests both
 * build nodes through this class.
 */
public final class OrchestratorNode {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorNode.class);
    /** How long the steps after the interrupt of running attempts may take, beyond the shutdown timeout. */
    static final Duration STOP_ALLOWANCE = Duration.ofSeconds(5);

    private final String nodeId;
    private final Scheduler scheduler;
    private final ScheduleSynchronizer synchronizer;
    private final ScheduleService service;
    private final TimeoutGuard timeoutGuard;
    private final SchedulerSettings settings;
    private final HotTableVacuum vacuum;
    private final OutcomeBatcher outcomes;
    private final NodeLiveness liveness;
    private final FenceHandler onFenced;
    private final AttemptSweeper sweeper;
    private final NodeLoops loops;
    private final FiringSwitch firing;
    private final ClockWatch clockWatch;
    private final Duration sweepPeriod;
    private final PrefetchingThreadPool pool;
    private final Notifications notifications;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** A node without notification channels. */
    public OrchestratorNode(NodeContext context, OperationRegistry registry, ExecutionListener listener,
                            FenceHandler onFenced) throws SchedulerException {
        this(context, registry, listener, onFenced, NotificationSettings.none());
    }

    public OrchestratorNode(NodeContext context, OperationRegistry registry, ExecutionListener listener,
                            FenceHandler onFenced, NotificationSettings notifying) throws SchedulerException {
        this.settings = context.settings();
        this.liveness = context.liveness();
        this.onFenced = onFenced;
        this.nodeId = context.nodeId();
        Jdbi jdbi = context.jdbi();
        Clock clock = context.clock();
        this.sweepPeriod = Duration.ofMillis(Math.max(2_000, 2 * settings.getCheckinIntervalMillis()));
        this.loops = new NodeLoops(settings, sweepPeriod, context.ticker());
        this.notifications = new Notifications(notifying, jdbi, nodeId, clock);
        ExecutionSide execution = new ExecutionSide(context, registry,
                ExecutionListener.both(listener, notifications.executionNotices()));
        execution.jobFactory().setOthers(notifications.jobs());
        this.outcomes = execution.outcomes();
        this.pool = QuartzSchedulerBuilder.pool(settings, loops.schedulerThread());
        this.scheduler = QuartzSchedulerBuilder.build(settings, context.database(), liveness,
                execution.storeHooks(), execution.jobFactory(), pool);
        this.firing = new FiringSwitch(scheduler);
        this.clockWatch = new ClockWatch(jdbi, context.identity(), clock, settings.getMaxClockOffsetMillis(), firing,
                loops.clockWatch());
        Clock clusterClock = clockWatch.clusterClock(clock); // the time of the peers that fire what it schedules
        this.synchronizer = new ScheduleSynchronizer(jdbi, scheduler, registry, execution.crons(), clusterClock,
                settings.getReconcileIntervalSeconds());
        if (settings.isReconcileOnNotify()) {
            synchronizer.listenForEdits(() -> NodeSessions.open(context.database(), context.identity()));
        }
        this.service = new ScheduleService(jdbi, scheduler, synchronizer, clusterClock);
        this.vacuum = new HotTableVacuum(context.dataSource(), Duration.ofMillis(settings.getVacuumIntervalMillis()));
        this.timeoutGuard = new TimeoutGuard(Duration.ofMillis(settings.getCancelGraceMillis()),
                BackendSignaller.open(context.database(), context.identity()));
        this.sweeper = new AttemptSweeper(context.identity(), jdbi, scheduler, execution.held(), sweepPeriod,
                loops.sweeper());
        execution.connect(scheduler, synchronizer, timeoutGuard, this::requestRun);
        scheduler.getListenerManager().addSchedulerListener(loops.quartzListener());
        connectNotifications();
    }

    private void connectNotifications() {
        notifications.connect(scheduler);
        synchronizer.onBlockChange(notifications.clusterNotices());
        liveness.onPeerFenced(notifications.clusterNotices());
    }

    private boolean requestRun(String schedule, String reason) {
        try {
            service.trigger(schedule, "auto-response: " + reason, false);
            return true;
        } catch (Exception e) {
            LOG.warn("Auto-response could not run {}: {}", schedule, e.getMessage());
            return false;
        }
    }

    /** Reconciles the table into Quartz and starts firing (once what Quartz holds of it is in step). */
    public void start() throws Exception {
        liveness.start(Duration.ofMillis(settings.getCheckinIntervalMillis()), onFenced, loops.heartbeat());
        vacuum.start();
        outcomes.start(loops.outcomeWriter(), this::outcomeWriterDied);
        timeoutGuard.start();
        clockWatch.start();
        synchronizer.start(loops.reconciler(), () -> firing.release(FiringSwitch.Hold.NOT_RECONCILED));
        sweeper.start();
        notifications.sweeper().start(sweepPeriod, loops.notificationSweeper());
        loops.start();
        LOG.info("Node {} started", nodeId);
    }

    /** The outcome writer's thread died: this node stops taking fires; its workers write their own outcomes. */
    private void outcomeWriterDied(Throwable cause) {
        loops.outcomeWriter().died("its thread died (" + cause + "); the node stopped taking fires (standby)");
        LOG.error("The outcome writer of node {} died; the node stops taking fires (standby)", nodeId, cause);
        firing.hold(FiringSwitch.Hold.OUTCOME_WRITER_DIED);
    }

    /**
     * Stops firing at once and returns within one deadline: the shutdown timeout, then
     * {@link #STOP_ALLOWANCE}. Running attempts get the shutdown timeout to end; those still
     * running are then interrupted (each is recorded INTERRUPTED and handed to the cluster), and
     * the later steps (the interrupted attempts' handover, Quartz's shutdown, the outcome writer's
     * last group, leaving the cluster) share the allowance. A step still blocked at the deadline is
     * left to finish on its own thread.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        StopDeadline deadline = StopDeadline.after(Duration.ofSeconds(settings.getShutdownTimeoutSeconds()),
                STOP_ALLOWANCE);
        loops.stop();
        clockWatch.close();
        sweeper.close();
        notifications.sweeper().close();
        synchronizer.stop();
        vacuum.close();
        if (firing.isShutDown()) {
            return;
        }
        firing.hold(FiringSwitch.Hold.STOPPING);
        InFlightAttempts inFlight = new InFlightAttempts(scheduler, pool);
        inFlight.await(deadline.forAttempts(), false);
        if (!inFlight.await(deadline.end(), true)) {
            LOG.warn("Node {}: {} attempt(s) still running at the stop deadline are left behind", nodeId,
                    pool.inFlight());
        }
        deadline.run("quartz-shutdown", () -> scheduler.shutdown(true));
        outcomes.stop(deadline.remaining());
        timeoutGuard.close();
        deadline.run("leave", liveness::leave);
        notifications.close();
        LOG.info("Node {} stopped", nodeId);
    }

    /**
     * Stops this node at once after its peers fenced it: nothing is waited for or recorded (its
     * sessions are refused anyway); running attempts are interrupted. For nodes sharing a JVM with
     * others (tests); a node process exits instead ({@link ExitOnFence}).
     */
    public void halt() {
        loops.stop();
        clockWatch.close();
        sweeper.close();
        notifications.sweeper().close();
        synchronizer.stop();
        vacuum.close();
        try {
            scheduler.getCurrentlyExecutingJobs().forEach(job -> {
                try {
                    scheduler.interrupt(job.getFireInstanceId());
                } catch (SchedulerException e) {
                    LOG.debug("Could not interrupt {}: {}", job.getJobDetail().getKey(), e.getMessage());
                }
            });
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("Halting node {}: {}", nodeId, e.getMessage());
        }
        timeoutGuard.close();
        liveness.close();
        notifications.close();
        LOG.warn("Node {} halted", nodeId);
    }

    public String nodeId() {
        return nodeId;
    }

    public NodeLiveness liveness() {
        return liveness;
    }

    public AttemptSweeper sweeper() {
        return sweeper;
    }

    /** Re-schedules the PENDING notifications left without a job. */
    public NotificationSweeper notificationSweeper() {
        return notifications.sweeper();
    }

    /** The background loops that health watches by their progress. */
    /** This node's clock against the database's. */
    public ClockWatch clockWatch() {
        return clockWatch;
    }

    public NodeLoops loops() {
        return loops;
    }

    /** Outcomes waiting for the outcome writer. */
    public int queuedOutcomes() {
        return outcomes.queued();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** What keeps this node from firing, if anything does. */
    public Optional<String> firingHeldBecause() {
        return firing.why();
    }

    /** The node's parsed crons, their words and next fire times: one cache for its reconciler, outcomes and API. */
    public CronCache crons() {
        return synchronizer.crons();
    }

    public ScheduleSynchronizer synchronizer() {
        return synchronizer;
    }

    public ScheduleService service() {
        return service;
    }

    /** Raises this node's notifications (events, and the test notification of the API). */
    public Notifier notifier() {
        return notifications.notifier();
    }

    public int abandonedOperationThreads() {
        return timeoutGuard.abandonedThreads();
    }
}
