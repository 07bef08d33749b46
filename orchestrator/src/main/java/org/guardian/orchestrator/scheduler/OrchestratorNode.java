package org.guardian.orchestrator.scheduler;

import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.core.RetryPolicy;
import org.guardian.orchestrator.db.AttemptRecords;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One orchestrator node's scheduling side, wired: the clustered Quartz scheduler, the
 * reconciler and the execution path. The Dropwizard application and the cluster tests both
 * build nodes through this class.
 */
public final class OrchestratorNode {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorNode.class);

    private final String nodeId;
    private final Scheduler scheduler;
    private final ScheduleSynchronizer synchronizer;
    private final ScheduleService service;
    private final TimeoutGuard timeoutGuard;
    private final SchedulerSettings settings;
    private final HotTableVacuum vacuum;
    private final FireClaims claims;
    private final OutcomeBatcher outcomes;

    public OrchestratorNode(SchedulerSettings settings, DatabaseSettings database, DataSource dataSource, Jdbi jdbi,
                            OperationRegistry registry, Clock clock, ExecutionListener listener) throws SchedulerException {
        this.settings = settings;
        this.nodeId = settings.resolveNodeId();
        ScheduleDao schedules = jdbi.onDemand(ScheduleDao.class);
        RunDao runs = jdbi.onDemand(RunDao.class);
        CronCache crons = new CronCache();
        AttemptRecords records = new AttemptRecords(jdbi, QuartzSchedulerBuilder.INSTANCE_NAME);
        this.claims = new FireClaims(nodeId, crons, clock);
        this.outcomes = new OutcomeBatcher(records, AttemptRunner.RECORD_PATIENCE, "orch-outcomes-" + nodeId);
        OperationJobFactory jobFactory = new OperationJobFactory(records, crons, claims);
        this.scheduler = QuartzSchedulerBuilder.build(settings, database, nodeId, jobFactory);
        this.synchronizer = new ScheduleSynchronizer(jdbi, scheduler, registry, crons, clock,
                settings.getReconcileIntervalSeconds());
        this.service = new ScheduleService(jdbi, scheduler, synchronizer, clock);
        this.vacuum = new HotTableVacuum(dataSource, Duration.ofMillis(settings.getVacuumIntervalMillis()));
        this.timeoutGuard = new TimeoutGuard(Duration.ofMillis(settings.getCancelGraceMillis()),
                BackendSignaller.open(database, nodeId));
        SecureRandom random = new SecureRandom();
        RetryPolicy retryPolicy = new RetryPolicy(Duration.ofSeconds(settings.getMaxRetryDelaySeconds()), random::nextDouble);
        AttemptRunner runner = new AttemptRunner(nodeId, schedules, runs, records, registry, new DependencyGate(runs, clock),
                timeoutGuard, new RetryScheduler(scheduler, retryPolicy, clock),
                new FailureSuppressor(schedules, synchronizer, clock),
                crons, dataSource, clock, listener, new OverlapHandler(nodeId, scheduler, runs, clock), outcomes);
        runner.setRunRequester((schedule, reason) -> requestRun(schedule, reason));
        jobFactory.setRunner(runner);
        scheduler.getListenerManager().addTriggerListener(new MisfireRecorder(nodeId, schedules, runs, crons, clock));
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

    /** Reconciles the table into Quartz, then starts firing. */
    public void start() throws Exception {
        synchronizer.start();
        vacuum.start();
        claims.register();
        outcomes.start();
        timeoutGuard.start();
        scheduler.start();
        LOG.info("Node {} started", nodeId);
    }

    /**
     * Stops firing at once, waits up to the shutdown timeout for running attempts, then
     * interrupts those still running (each is recorded INTERRUPTED and handed to the cluster).
     */
    public void stop() throws SchedulerException {
        synchronizer.stop();
        vacuum.close();
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.standby();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.getShutdownTimeoutSeconds());
        while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.getCurrentlyExecutingJobs().forEach(job -> {
            try {
                scheduler.interrupt(job.getFireInstanceId());
            } catch (SchedulerException e) {
                LOG.warn("Could not interrupt {}: {}", job.getJobDetail().getKey(), e.getMessage());
            }
        });
        scheduler.shutdown(true);
        claims.unregister();
        try {
            outcomes.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timeoutGuard.close();
        LOG.info("Node {} stopped", nodeId);
    }

    public String nodeId() {
        return nodeId;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ScheduleSynchronizer synchronizer() {
        return synchronizer;
    }

    public ScheduleService service() {
        return service;
    }

    public int abandonedOperationThreads() {
        return timeoutGuard.abandonedThreads();
    }
}
