package org.guardian.orchestrator.db;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorApplication;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.TargetServer;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose operations run on a target database other than its orchestrator's: the target is a
 * Guardian database on a second PostgreSQL server whose schema was created by plain SQL, the
 * orchestrator's database holds no Guardian object. The node is the whole application, configured
 * as {@code ORCH_DB_URL} and {@code ORCH_TARGET_DB_URL} would configure it.
 */
@Timeout(300)
@ExtendWith(DropwizardExtensionsSupport.class)
class TargetDatabaseIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NODE = "two-db-node";
    private static final TestDatabase DB = TestDatabase.get();
    private static final TargetServer TARGET_SERVER = TargetServer.get();
    private static final String ORCHESTRATOR_URL = DB.emptyDatabase("target_it_orchestrator");
    private static final String TARGET_URL = TARGET_SERVER.guardianDatabase("guardian");
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node(NODE, ORCHESTRATOR_URL,
            DB.user(), DB.password(), true, ConfigOverride.config("database.target.url", TARGET_URL),
            ConfigOverride.config("database.target.user", TARGET_SERVER.user()),
            ConfigOverride.config("database.target.password", TARGET_SERVER.password()));

    private final ApiClient api = new ApiClient(APP);
    private final DataSource orchestrator = DB.dataSource(ORCHESTRATOR_URL);
    private final DataSource target = TARGET_SERVER.dataSource(TARGET_URL);

    @Test
    void theCacheQueueIsProcessedOnTheTargetDatabase() throws Exception {
        execute(target, "INSERT INTO public.patients (full_name) SELECT 'patient ' || i FROM generate_series(1, 25) i;"
                + " INSERT INTO public.patient_medications (patient_id, medication_name)"
                + " SELECT id, 'aspirin' FROM public.patients");
        assertThat(scalar(target, "SELECT count(*) FROM public.cache_invalidation_queue")).isEqualTo("25");

        assertThat(api.post("operator", "/api/schedules/process_cache_invalidation_queue/trigger?force=true", "")
                .getStatus()).isEqualTo(202);

        await().atMost(WAIT).until(() -> "SUCCESS".equals(scalar(orchestrator, "SELECT status FROM orchestrator.job_runs"
                + " WHERE schedule_name = 'process_cache_invalidation_queue' AND trigger_kind = 'MANUAL'")));
        assertThat(scalar(target, "SELECT count(*) FROM public.cache_invalidation_queue")).isEqualTo("0");
        assertThat(scalar(target, "SELECT count(*) FROM public.user_dashboard_cache WHERE active_medications_count = 1"))
                .isEqualTo("25");
        assertThat(scalar(orchestrator, "SELECT to_regclass('public.cache_invalidation_queue')")).isNull();
    }

    @Test
    void aTimedOutStatementIsCancelledOnTheTargetDatabase() throws Exception {
        assertThat(api.post("admin", "/api/schedules", "{\"name\": \"sleeps_on_target\", \"operation\": \"pg_sleep\","
                + " \"cron\": \"0 0 1 1 *\", \"maxDuration\": \"PT2S\", \"config\": {\"seconds\": 600}}").getStatus())
                .isEqualTo(201);
        String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
                + " AND query LIKE 'SELECT pg_sleep%' AND application_name LIKE 'guardian/%/" + NODE + "'";

        assertThat(api.post("operator", "/api/schedules/sleeps_on_target/trigger", "").getStatus()).isEqualTo(202);

        await().atMost(WAIT).until(() -> "1".equals(scalar(target, sleeping)));
        await().atMost(WAIT).until(() -> "TIMEOUT".equals(scalar(orchestrator,
                "SELECT status FROM orchestrator.job_runs WHERE schedule_name = 'sleeps_on_target'")));
        // a cancel sent to the orchestrator's server misses: the operation is then abandoned after the
        // grace, and the statement ends only when its connection goes back to the pool
        assertThat(scalar(orchestrator, "SELECT error FROM orchestrator.job_runs WHERE schedule_name = 'sleeps_on_target'"))
                .isEqualTo("exceeded its maximum duration of PT2S");
        assertThat(((OrchestratorApplication) APP.getApplication()).node().abandonedOperationThreads()).isZero();
        await().atMost(WAIT).until(() -> "0".equals(scalar(target, sleeping)));
    }

    @Test
    void theGuardianGaugesReadTheTargetDatabase() throws Exception {
        execute(target, "INSERT INTO public.cache_invalidation_queue (patient_id, invalidation_reason)"
                + " SELECT gen_random_uuid(), 'gauge test' FROM generate_series(1, 7)");
        long queued = Long.parseLong(scalar(target, "SELECT count(*) FROM public.cache_invalidation_queue"));

        await().atMost(WAIT).until(() -> queueGauge() == queued);
    }

    @Test
    void theNodesSessionsOnTheTargetCarryItsIncarnation() throws Exception {
        String incarnation = scalar(orchestrator, "SELECT max(incarnation) FROM orchestrator.node_incarnations"
                + " WHERE node_id = '" + NODE + "' AND fenced_at IS NULL");

        assertThat(scalar(target, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'guardian/" + incarnation + "/" + NODE + "'")).isNotEqualTo("0");
        assertThat(APP.getEnvironment().healthChecks().runHealthCheck("target-database").isHealthy()).isTrue();
    }

    @Test
    void theNodeLeftTheTargetsSchemaAsItFoundIt() throws Exception {
        assertThat(scalar(target, "SELECT to_regclass('public.guardian_schema_history')")).isNull();
        assertThat(scalar(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'orchestrator'")).isEqualTo("0");
        assertThat(scalar(orchestrator, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
    }

    private static long queueGauge() {
        Object value = APP.getEnvironment().metrics().getGauges().get("guardian.cache_invalidation_queue.length").getValue();
        return ((Number) value).longValue();
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String scalar(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
