package org.guardian.orchestrator.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.db.Database;
import org.guardian.orchestrator.db.GuardianStatsDao;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.db.TargetDatabase;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.guardian.orchestrator.health.ClockHealthCheck;
import org.guardian.orchestrator.health.ClusterMembershipHealthCheck;
import org.guardian.orchestrator.health.DagHealthCheck;
import org.guardian.orchestrator.health.NotifyHealthCheck;
import org.guardian.orchestrator.health.DatabaseHealthCheck;
import org.guardian.orchestrator.health.ProgressHealthCheck;
import org.guardian.orchestrator.health.SchedulerHealthCheck;
import org.guardian.orchestrator.health.StuckAttemptsHealthCheck;
import org.guardian.orchestrator.health.SuppressedSchedulesHealthCheck;
import org.guardian.orchestrator.metrics.BacklogGauges;
import org.guardian.orchestrator.metrics.GuardianGauges;
import org.guardian.orchestrator.metrics.HealthGauges;
import org.guardian.orchestrator.metrics.MetricNames;
import org.guardian.orchestrator.metrics.MetricsListener;
import org.guardian.orchestrator.metrics.PoolGauges;
import org.guardian.orchestrator.metrics.PrometheusEndpoint;
import org.guardian.orchestrator.metrics.SampledGauges;
import org.guardian.orchestrator.metrics.ScheduleGauges;
import org.guardian.orchestrator.metrics.SchedulerGauges;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.quartz.SchedulerException;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Metrics, {@code /prometheus} and health checks of a node, on the admin port. Two calls from
 * {@code run()}: {@link #register} before the node is built (its {@link #listener()} goes to the
 * node), {@link #watch} once it is.
 */
public final class ObservabilityModule {
    /** How often per-schedule gauges are re-read from the table. */
    public static final long SCHEDULE_GAUGE_REFRESH_SECONDS = 5;

    private final Environment environment;
    private final OrchestratorConfiguration config;
    private final Database database;
    private final Clock clock;
    private final MetricsListener listener;
    private final SampledGauges sampled;

    private ObservabilityModule(Environment environment, OrchestratorConfiguration config, Database database,
                                Clock clock) {
        this.environment = environment;
        this.config = config;
        this.database = database;
        this.clock = clock;
        this.listener = new MetricsListener(environment.metrics());
        // a thread per sampled gauge: one whose database hangs does not hold up the others
        this.sampled = new SampledGauges(environment.lifecycle()
                .scheduledExecutorService("orch-gauges-%d", true).threads(4).build());
    }

    /**
     * Registers what needs only the databases: pool gauges, Guardian gauges (read on the target
     * database), database and DAG health, /prometheus.
     */
    public static ObservabilityModule register(Environment environment, OrchestratorConfiguration config,
                                               Database database, TargetDatabase target, NodeIdentity identity,
                                               Clock clock) {
        ObservabilityModule module = new ObservabilityModule(environment, config, database, clock);
        MetricRegistry metrics = environment.metrics();
        PoolGauges.register(metrics, database.pool());
        metrics.register(MetricNames.OLD_PRIMARY_REFUSED,
                (Gauge<Long>) config.getDatabase()::oldPrimarySessionsRefused);
        GuardianGauges.register(metrics, new GuardianStatsDao(target.jdbi()), module.sampled);
        ScheduleDao schedules = database.jdbi().onDemand(ScheduleDao.class);
        registerDatabaseCheck(environment, "database", config.getDatabase().orchestratorAddress(), identity);
        if (target.isSeparate()) {
            registerDatabaseCheck(environment, "target-database", target.address(), identity);
        }
        HealthCheckRegistry health = environment.healthChecks();
        environment.lifecycle().manage(new Managed() {
            // managed after the database checks, so stopped before them: no check runs once they close
            @Override
            public void stop() {
                health.shutdown();
            }
        });
        health.register("dag", new DagHealthCheck(schedules));
        health.register("schedule-notify", new NotifyHealthCheck(schedules));
        health.register("suppressed-schedules", new SuppressedSchedulesHealthCheck(schedules));
        HealthGauges.register(metrics, health);
        PrometheusEndpoint.register(environment, metrics);
        return module;
    }

    private static void registerDatabaseCheck(Environment environment, String name, DatabaseAddress address,
                                              NodeIdentity identity) {
        DatabaseHealthCheck check = DatabaseHealthCheck.on(address, identity);
        environment.healthChecks().register(name, check);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                check.close();
            }
        });
    }

    /** The listener to give the node: attempts become metrics. */
    public ExecutionListener listener() {
        return listener;
    }

    /**
     * Registers what needs the node: scheduler, schedule, backlog and clock gauges; scheduler, cluster,
     * progress, stuck-attempt and clock health.
     */
    public void watch(OrchestratorNode node) throws SchedulerException {
        MetricRegistry metrics = environment.metrics();
        SchedulerStateDao state = database.jdbi().onDemand(SchedulerStateDao.class);
        SchedulerGauges.register(metrics, node.scheduler(), state, node.service()::isGloballyPaused, sampled);
        BacklogGauges.register(metrics, node::queuedOutcomes, () -> node.sweeper().stuck().size());
        ScheduleGauges gauges = new ScheduleGauges(metrics, database.jdbi().onDemand(ScheduleDao.class),
                node.service()::isGloballyPaused, listener);
        ScheduledExecutorService refresher = environment.lifecycle()
                .scheduledExecutorService("orch-metrics-%d", true).threads(1).build();
        refresher.scheduleWithFixedDelay(gauges::refresh, 0, SCHEDULE_GAUGE_REFRESH_SECONDS, TimeUnit.SECONDS);
        environment.healthChecks().register("scheduler", new SchedulerHealthCheck(node.scheduler(), node::firingHeldBecause));
        long maxCheckinAge = config.getScheduler().getCheckinIntervalMillis() + SchedulerGauges.CHECKIN_GRACE_MILLIS;
        environment.healthChecks().register("cluster-membership",
                new ClusterMembershipHealthCheck(state, node.nodeId(), maxCheckinAge));
        environment.healthChecks().register("progress", new ProgressHealthCheck(node.loops().all()));
        environment.healthChecks().register("stuck-attempts", new StuckAttemptsHealthCheck(node.sweeper()::stuck));
        environment.healthChecks().register("clock", new ClockHealthCheck(node.clockWatch()::last));
        metrics.register(MetricNames.CLOCK_OFFSET, (Gauge<Double>) () -> node.clockWatch().last()
                .map(reading -> (double) reading.offsetMillis()).orElse(Double.NaN));
    }
}
