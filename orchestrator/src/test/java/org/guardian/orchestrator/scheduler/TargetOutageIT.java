package org.guardian.orchestrator.scheduler;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.db.GuardianStatsDao;
import org.guardian.orchestrator.metrics.MetricNames;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.TargetServer;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database the operations run on goes away for longer than a schedule takes to reach its
 * suppression threshold (one failure here): its attempts fail, each named as the target's outage,
 * and it is not suppressed; once the target is back it succeeds again, with nobody resetting it.
 * Meanwhile the node's metrics answer as before, and its {@code target-database} check turns
 * unhealthy within seconds.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@NeedsServer({ServerNeed.STOP_AND_START, ServerNeed.SECOND_SERVER})
class TargetOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(TargetOutageIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SCHEDULE = "sleeps_on_target";
    private static final String TARGET_CHECK = "target-database";
    private static final String UNREACHABLE = "'the target database cannot be reached (Connection to localhost:% refused.%'";
    private final TestDatabase db = TestDatabase.get();

    @Test
    void theMetricsAnswerAtOnceWhileTheTargetIsAway() throws Exception {
        onNode("outage_metrics", (app, target, orchestrator) -> {
            Map<String, Gauge> gauges = app.getEnvironment().metrics().getGauges();
            await().atMost(WAIT).until(() -> queueLength(gauges) == 0);

            target.stop();
            await().atMost(WAIT).until(() -> queueLength(gauges) == GuardianStatsDao.ABSENT);

            // what a scrape of /prometheus reads: no gauge waits for the target pool's 10-s checkout
            long started = System.nanoTime();
            gauges.values().forEach(Gauge::getValue);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        });
    }

    @Test
    void failuresWhileTheTargetIsAwayDoNotSuppressTheSchedule() throws Exception {
        onNode("outage_stopped", (app, target, orchestrator) -> {
            assertThat(new ApiClient(app).post("admin", "/api/schedules", "{\"name\": \"" + SCHEDULE + "\","
                    + " \"operation\": \"pg_sleep\", \"cron\": \"* * * * * ?\", \"maxRetries\": 0,"
                    + " \"maxConsecutiveFailures\": 1, \"config\": {\"seconds\": 0}}").getStatus()).isEqualTo(201);
            await().atMost(WAIT).until(() -> count(orchestrator, "status = 'SUCCESS'") > 0);

            target.stop();
            await().atMost(WAIT.multipliedBy(2))
                    .failFast("the schedule was suppressed", () -> !notSuppressed(orchestrator))
                    .until(() -> count(orchestrator, "status = 'FAILED' AND error LIKE " + UNREACHABLE) >= 2);

            // the pool's sessions from before the outage fail first, then no session can be had
            assertThat(count(orchestrator, "status = 'FAILED' AND error NOT LIKE " + UNREACHABLE
                    + " AND error NOT LIKE 'the session on the target database was lost (SQLState 57P01); %'"))
                    .isZero();
            assertThat(unreachableMeter(app).getCount()).isGreaterThanOrEqualTo(2);

            target.start();
            await().atMost(WAIT).until(() -> count(orchestrator, "status = 'SUCCESS' AND id > (SELECT max(id)"
                    + " FROM orchestrator.job_runs WHERE status = 'FAILED')") > 0);
        });
    }

    @Test
    void aTimeoutWhileTheTargetHangsDoesNotSuppressTheSchedule() throws Exception {
        onNode("outage_frozen", (app, target, orchestrator) -> {
            ApiClient api = new ApiClient(app);
            assertThat(api.post("admin", "/api/schedules", "{\"name\": \"" + SCHEDULE + "\", \"operation\": \"pg_sleep\","
                    + " \"cron\": \"0 0 1 1 *\", \"maxDuration\": \"PT3S\", \"maxConsecutiveFailures\": 1,"
                    + " \"config\": {\"seconds\": 600}}").getStatus()).isEqualTo(201);
            assertThat(api.post("operator", "/api/schedules/" + SCHEDULE + "/trigger", "").getStatus()).isEqualTo(202);
            await().atMost(WAIT).until(() -> count(orchestrator, "status = 'RUNNING'") == 1);

            target.freeze();
            await().atMost(WAIT).until(() -> count(orchestrator, "status = 'TIMEOUT'") == 1);

            assertThat(scalar(orchestrator, "SELECT error FROM orchestrator.job_runs WHERE schedule_name = '"
                    + SCHEDULE + "'")).startsWith("the target database cannot be reached (")
                    .endsWith("exceeded its maximum duration of PT3S; the operation ignored cancellation and was"
                            + " abandoned");
            // the worker is freed within seconds of the deadline: cancel and terminate a second each,
            // the grace, the probe's login timeout (3 s)
            assertThat(Long.parseLong(scalar(orchestrator, "SELECT duration_ms FROM orchestrator.job_runs"
                    + " WHERE schedule_name = '" + SCHEDULE + "'"))).isLessThan(12_000);
            assertThat(notSuppressed(orchestrator)).isTrue();
        });
    }

    @Test
    void theTargetDatabaseCheckFailsWithinSecondsWhenTheTargetStopsOrHangs() throws Exception {
        onNode("outage_health", (app, target, orchestrator) -> {
            HealthCheckRegistry health = app.getEnvironment().healthChecks();
            await().atMost(WAIT).until(() -> health.runHealthCheck(TARGET_CHECK).isHealthy());

            assertThat(unhealthyAfter(health, "the stop", target::stop)).isLessThan(Duration.ofSeconds(3));
            assertThat(health.runHealthCheck(TARGET_CHECK).getMessage()).startsWith("database unreachable: ");
            target.start();
            await().atMost(WAIT).until(() -> health.runHealthCheck(TARGET_CHECK).isHealthy());

            // the next check (1 s) waits out the answer timeout (3 s)
            assertThat(unhealthyAfter(health, "the freeze", target::freeze)).isLessThan(Duration.ofSeconds(6));
            assertThat(health.runHealthCheck(TARGET_CHECK).getMessage()).isEqualTo("database unreachable: no answer"
                    + " within 3 s (a server that hangs, or a network that drops)");
            target.thaw();
            await().atMost(WAIT).until(() -> health.runHealthCheck(TARGET_CHECK).isHealthy());
        });
    }

    /**
     * How long the check takes to turn unhealthy after {@code fault}, made just after the check ran,
     * as long as possible before its next run.
     */
    private static Duration unhealthyAfter(HealthCheckRegistry health, String name, Fault fault) throws Exception {
        long last = health.runHealthCheck(TARGET_CHECK).getTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> health.runHealthCheck(TARGET_CHECK).getTime() != last);
        fault.make();
        long started = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !health.runHealthCheck(TARGET_CHECK).isHealthy());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("TARGET CHECK: unhealthy {} ms after {}", took.toMillis(), name);
        return took;
    }

    @FunctionalInterface
    private interface Fault {
        void make() throws Exception;
    }

    @FunctionalInterface
    private interface OnNode {
        void run(DropwizardAppExtension<OrchestratorConfiguration> app, TargetServer target, DataSource orchestrator)
                throws Exception;
    }

    /** A node whose target database is a server of the test's own, which {@code test} may stop or freeze. */
    private void onNode(String name, OnNode test) throws Exception {
        String orchestratorUrl = db.emptyDatabase("target_" + name);
        try (TargetServer target = TargetServer.own(name + "_pg")) {
            DropwizardAppExtension<OrchestratorConfiguration> app = node(orchestratorUrl, target);
            app.before();
            try {
                test.run(app, target, db.dataSource(orchestratorUrl));
            } finally {
                target.thaw();
                app.after();
            }
        }
    }

    private static boolean notSuppressed(DataSource orchestrator) throws SQLException {
        return "t".equals(scalar(orchestrator, "SELECT suppressed_at IS NULL AND consecutive_failures = 0"
                + " FROM orchestrator.maintenance_schedules WHERE operation_name = '" + SCHEDULE + "'"));
    }

    private DropwizardAppExtension<OrchestratorConfiguration> node(String orchestratorUrl, TargetServer target) {
        return ApiTestApp.node("outage-node", orchestratorUrl, db.user(), db.password(), true,
                ConfigOverride.config("database.target.url", target.guardianDatabase("guardian")),
                ConfigOverride.config("database.target.user", target.user()),
                ConfigOverride.config("database.target.password", target.password()));
    }

    private static long queueLength(Map<String, Gauge> gauges) {
        return ((Number) gauges.get(MetricNames.QUEUE_LENGTH).getValue()).longValue();
    }

    private static Meter unreachableMeter(DropwizardAppExtension<OrchestratorConfiguration> app) {
        return app.getEnvironment().metrics().getMeters().get(MetricNames.TARGET_UNREACHABLE);
    }

    private static long count(DataSource orchestrator, String where) throws SQLException {
        return Long.parseLong(scalar(orchestrator, "SELECT count(*) FROM orchestrator.job_runs"
                + " WHERE schedule_name = '" + SCHEDULE + "' AND " + where));
    }

    private static String scalar(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
