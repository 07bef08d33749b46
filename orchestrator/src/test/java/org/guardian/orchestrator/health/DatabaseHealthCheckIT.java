package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.PgProviders;
import org.guardian.orchestrator.testing.pg.PgServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL of its own, stopped and started again: the check itself, on a session of its own that
 * it opens again after an outage, and the node's registry, which runs it in the background.
 */
@Timeout(180)
@NeedsServer(ServerNeed.STOP_AND_START)
class DatabaseHealthCheckIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBE = "health-check-it";

    @Test
    void unhealthyWhileTheDatabaseIsDownAndHealthyAgainAfter() throws Exception {
        try (PgServer server = PgProviders.get().start("health_pg");
             DatabaseHealthCheck check = new DatabaseHealthCheck(direct(server))) {
            assertThat(check.execute().isHealthy()).isTrue();

            server.stop();
            HealthCheck.Result down = check.execute();
            assertThat(down.isHealthy()).isFalse();
            assertThat(down.getMessage()).startsWith("database unreachable");

            server.start();
            assertThat(check.execute().isHealthy()).isTrue();
        }
    }

    @Test
    void aSessionEndedUnderTheCheckIsReplacedWithoutAFalseAlarm() throws Exception {
        try (PgServer server = PgProviders.get().start("health_pg");
             DatabaseHealthCheck check = new DatabaseHealthCheck(direct(server))) {
            assertThat(check.execute().isHealthy()).isTrue();

            // as a DBA's clean-up of idle sessions, or a pooler's restart, would
            try (Connection admin = direct(server).getConnection(); Statement statement = admin.createStatement();
                 ResultSet ended = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         + " WHERE application_name = '" + PROBE + "' AND pid <> pg_backend_pid()")) {
                assertThat(ended.next() && ended.getBoolean(1)).as("the check's session ended").isTrue();
            }

            assertThat(check.execute().getMessage()).isEqualTo("database reachable");
        }
    }

    @Test
    void theNodesRegistryAnswersAtOnceWhileTheDatabaseIsDown() throws Exception {
        try (PgServer server = PgProviders.get().start("health_pg");
             DatabaseHealthCheck check = new DatabaseHealthCheck(direct(server))) {
            HealthCheckRegistry registry = BackgroundChecks.registry();
            try {
                registry.register("database", check);
                await().atMost(WAIT).until(() -> registry.runHealthCheck("database").getMessage()
                        .equals("database reachable"));

                server.stop();
                await().atMost(WAIT).until(() -> !registry.runHealthCheck("database").isHealthy());

                // each answer is the latest background result: no caller waits for a session
                long started = System.nanoTime();
                HealthCheck.Result down = registry.runHealthChecks().get("database");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(down.getMessage()).startsWith("database unreachable");

                server.start();
                await().atMost(WAIT).until(() -> registry.runHealthCheck("database").isHealthy());
            } finally {
                registry.shutdown();
            }
        }
    }

    private static PGSimpleDataSource direct(PgServer server) {
        PGSimpleDataSource direct = server.dataSource(server.jdbcUrl(server.defaultDatabase()));
        direct.setConnectTimeout(DatabaseHealthCheck.CONNECT_TIMEOUT_S);
        direct.setSocketTimeout(DatabaseHealthCheck.ANSWER_TIMEOUT_S);
        direct.setApplicationName(PROBE);
        return direct;
    }
}
