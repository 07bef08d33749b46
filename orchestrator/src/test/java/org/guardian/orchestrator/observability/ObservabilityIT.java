package org.guardian.orchestrator.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorApplication;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.guardian.orchestrator.health.ClusterMembershipHealthCheck;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with diagnostics on, two schedules firing every second (noop, and fail with one retry and
 * suppression after two final failures): metrics, /prometheus and health checks must tell the truth.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final String NODE = "obs-it-node";
    private static final TestDatabase DB = startEmpty();
    private static final DropwizardAppExtension<OrchestratorConfiguration> APP = new DropwizardAppExtension<>(
            OrchestratorApplication.class, Path.of("..", "config.yml").toString(),
            ConfigOverride.config("database.url", DB.jdbcUrl()),
            ConfigOverride.config("database.user", DB.user()),
            ConfigOverride.config("database.password", DB.password()),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("scheduler.nodeId", NODE),
            ConfigOverride.config("scheduler.reconcileIntervalSeconds", "1"),
            ConfigOverride.config("diagnostics", "true"));
    private static final Pattern METRIC = Pattern.compile("\\b((?:orchestrator|guardian)_[a-z0-9_]+)");

    private static TestDatabase startEmpty() {
        TestDatabase db = TestDatabase.get();
        db.resetOrchestrator();
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule,"
                + " max_retries, retry_backoff, max_consecutive_failures, operation_config) VALUES"
                + " ('obs_noop', 'noop', '*/1 * * * * ?', 0, interval '0', 3, '{}'),"
                + " ('obs_fail', 'fail', '*/1 * * * * ?', 1, interval '0', 2, '{\"message\": \"boom\"}')");
        return db;
    }

    /** Leaves the shared database as the migrations made it (other tests expect the default schedules). */
    @AfterAll
    static void restoreDefaultSchedules() throws Exception {
        DB.resetOrchestrator();
        DB.execute("SET search_path TO orchestrator, public; "
                + Files.readString(Path.of("..", "sql", "orchestrator", "V3__default_schedules.sql")) + "; RESET search_path");
    }

    private AdminPort admin() {
        return new AdminPort(APP.getAdminPort());
    }

    @Test
    @Order(1)
    void metricsCountEveryRunRecordedInHistory() throws Exception {
        AdminPort admin = admin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin.metric("orchestrator.schedule.suppressions.obs_fail")).isEqualTo(1));
        DB.execute("UPDATE orchestrator.maintenance_schedules SET paused = true WHERE operation_name = 'obs_noop'");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            long successes = runs("obs_noop", "SUCCESS");
            assertThat(successes).isGreaterThanOrEqualTo(2);
            assertThat(admin.metric("orchestrator.schedule.runs.success.obs_noop")).isEqualTo(successes);
            assertThat(admin.metric("orchestrator.schedule.duration.obs_noop")).isEqualTo(successes);
            assertThat(admin.metric("orchestrator.schedule.lateness.obs_noop")).isEqualTo(successes);
        });
        assertThat(admin.metric("orchestrator.schedule.runs.failure.obs_fail")).isEqualTo(runs("obs_fail", "FAILED"))
                .isGreaterThanOrEqualTo(4);
        assertThat(admin.metric("orchestrator.schedule.retries.obs_fail")).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(admin.metric("orchestrator.schedule.consecutive_failures.obs_fail")).isGreaterThanOrEqualTo(2);
            assertThat(admin.metric("orchestrator.schedule.state.obs_fail")).isEqualTo(2);
            assertThat(admin.metric("orchestrator.schedule.state.obs_noop")).isEqualTo(1);
            assertThat(admin.metric("orchestrator.schedules.suppressed")).isEqualTo(1);
        });
        assertThat(admin.metric("orchestrator.scheduler.running")).isEqualTo(1);
        assertThat(admin.metric("orchestrator.scheduler.threads.total")).isEqualTo(10);
        assertThat(admin.metric("orchestrator.db.pool.total")).isGreaterThan(0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.metric("orchestrator.cluster.nodes_alive")).isEqualTo(1));
    }

    @Test
    @Order(2)
    void prometheusLabelsEveryScheduleMetricWithItsSchedule() throws Exception {
        Map<String, Double> samples = admin().prometheus();
        assertThat(samples).containsEntry("orchestrator_schedule_runs_total{schedule=\"obs_fail\",status=\"failure\",}",
                        (double) runs("obs_fail", "FAILED"))
                .containsKey("orchestrator_schedule_retries_total{schedule=\"obs_fail\",}")
                .containsEntry("orchestrator_schedule_state{schedule=\"obs_fail\",}", 2.0)
                .containsEntry("orchestrator_schedules_suppressed", 1.0)
                .containsEntry("orchestrator_cluster_nodes_alive", 1.0)
                .containsEntry("orchestrator_db_old_primary_refused", 0.0)
                .containsEntry("orchestrator_health{check=\"database\",}", 1.0)
                .containsEntry("orchestrator_health{check=\"scheduler\",}", 1.0)
                .containsEntry("orchestrator_attempts_target_unreachable_total", 0.0)
                .containsKeys("orchestrator_schedule_duration_seconds_count{schedule=\"obs_noop\",}",
                        "orchestrator_schedule_lateness_milliseconds{schedule=\"obs_noop\",quantile=\"0.99\",}",
                        "guardian_cache_invalidation_queue_length", "orchestrator_db_pool_busy");
        assertThat(samples.get("orchestrator_schedule_runs_total{schedule=\"obs_noop\",status=\"success\",}"))
                .isEqualTo((double) runs("obs_noop", "SUCCESS"));
        assertThat(samples.get("orchestrator_clock_offset_ms")).as("one machine, one clock").isBetween(-200.0, 200.0);
        assertThat(samples).containsEntry("orchestrator_health{check=\"clock\",}", 1.0);
        assertThat(admin().health("clock").path("message").asText())
                .matches("this node's clock is \\d+ ms (ahead of|behind) the database's, within the limit of 1000 ms");
    }

    @Test
    @Order(3)
    void suppressedScheduleIsReportedButHealthy() {
        // the schedule checks run in the background: their answer may be a few seconds old
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode check = admin().health("suppressed-schedules");
            assertThat(check.path("healthy").asBoolean()).isTrue();
            assertThat(check.path("message").asText()).contains("obs_fail").doesNotContain("obs_noop");
        });
    }

    @Test
    @Order(4)
    void grafanaDashboardAndAlertRulesOnlyNameExportedMetrics() throws Exception {
        Set<String> exported = new HashSet<>();
        admin().prometheus().keySet().forEach(sample -> exported.add(sample.replaceAll("\\{.*", "")));
        Set<String> used = new HashSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "ops", "grafana", "guardian-orchestrator.json").toFile());
        dashboard.findValues("expr").forEach(expr -> collect(expr.asText(), used));
        assertThat(used).hasSizeGreaterThan(8);
        collect(Files.readString(Path.of("..", "ops", "prometheus", "alerts.yml")), used);
        assertThat(exported).containsAll(used);
    }

    @Test
    @Order(5)
    void dependencyCycleMakesTheDagUnhealthyUntilRemoved() {
        AdminPort admin = admin();
        assertThat(admin.health("dag").path("healthy").asBoolean()).isTrue();
        DB.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, depends_on)"
                + " VALUES ('obs_a', 'noop', '0 3 * * *', '{obs_b}'), ('obs_b', 'noop', '0 4 * * *', '{obs_a}')");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode dag = admin.health("dag");
            assertThat(dag.path("healthy").asBoolean()).isFalse();
            assertThat(dag.path("message").asText()).contains("obs_a").contains("obs_b");
            assertThat(admin.metric("orchestrator.schedules.blocked")).isEqualTo(2);
            assertThat(admin.prometheus()).containsEntry("orchestrator_health{check=\"dag\",}", 0.0);
        });
        DB.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name IN ('obs_a', 'obs_b')");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(admin.health("dag").path("healthy").asBoolean()).isTrue();
            assertThat(admin.prometheus()).containsEntry("orchestrator_health{check=\"dag\",}", 1.0);
        });
    }

    @Test
    @Order(6)
    void standbySchedulerIsUnhealthyUntilStartedAgain() throws Exception {
        AdminPort admin = admin();
        Scheduler scheduler = ((OrchestratorApplication) APP.getApplication()).node().scheduler();
        assertThat(admin.health("scheduler").path("healthy").asBoolean()).isTrue();
        scheduler.standby();
        JsonNode check = admin.health("scheduler");
        assertThat(check.path("healthy").asBoolean()).isFalse();
        assertThat(check.path("message").asText()).contains(NODE).contains("standby");
        assertThat(admin.metric("orchestrator.scheduler.standby")).isEqualTo(1);
        scheduler.start();
        assertThat(admin.health("scheduler").path("healthy").asBoolean()).isTrue();
        assertThat(admin.metric("orchestrator.scheduler.running")).isEqualTo(1);
    }

    @Test
    @Order(7)
    void nodeIsAClusterMemberOnlyWhileItsCheckInIsFresh() {
        assertThat(admin().health("cluster-membership").path("healthy").asBoolean()).isTrue();
        Jdbi jdbi = Jdbi.create(DB.dataSource()).installPlugin(new SqlObjectPlugin());
        SchedulerStateDao state = jdbi.onDemand(SchedulerStateDao.class);
        // ages are read on the database's clock: a limit no check-in can meet stands for a stale one
        var stale = new ClusterMembershipHealthCheck(state, NODE, -1).execute();
        assertThat(stale.isHealthy()).isFalse();
        assertThat(stale.getMessage()).contains(NODE).contains("last checked in");
        var unknown = new ClusterMembershipHealthCheck(state, "ghost", 8_500).execute();
        assertThat(unknown.isHealthy()).isFalse();
        assertThat(unknown.getMessage()).contains("ghost");
    }

    @Test
    @Order(8)
    void everyBackgroundLoopProgressesAndNoAttemptIsStuck() {
        AdminPort admin = admin();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode progress = admin.health("progress");
            assertThat(progress.path("healthy").asBoolean()).as(progress.toString()).isTrue();
            assertThat(progress.path("message").asText()).contains("scheduler thread progressed",
                    "outcome writer progressed", "reconciler progressed", "liveness heartbeat progressed",
                    "stuck-attempt sweeper progressed");
        });
        assertThat(admin.health("stuck-attempts").path("message").asText()).isEqualTo("no attempt stuck RUNNING");
        assertThat(admin.metric("orchestrator.attempts.stuck")).isZero();
        assertThat(admin.metric("orchestrator.outcomes.queued")).isNotNegative();
    }

    private static void collect(String text, Set<String> into) {
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static long runs(String schedule, String status) throws Exception {
        try (Connection c = DB.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name = '"
                     + schedule + "' AND status = '" + status + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
