package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.PgProviders;
import org.guardian.orchestrator.testing.pg.PgServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL of its own, stopped and started again under a c3p0 pool like the application's: the
 * check itself, and the node's registry, which runs it in the background.
 */
@Timeout(180)
@NeedsServer(ServerNeed.STOP_AND_START)
class DatabaseHealthCheckIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void unhealthyWhileTheDatabaseIsDownAndHealthyAgainAfter() throws Exception {
        try (PgServer server = PgProviders.get().start("health_pg"); ComboPooledDataSource pool = pool(server)) {
            DatabaseHealthCheck check = new DatabaseHealthCheck(pool);
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
    void theNodesRegistryAnswersAtOnceWhileTheDatabaseIsDown() throws Exception {
        try (PgServer server = PgProviders.get().start("health_pg"); ComboPooledDataSource pool = pool(server)) {
            pool.setCheckoutTimeout(10_000);
            HealthCheckRegistry registry = BackgroundChecks.registry();
            try {
                registry.register("database", new DatabaseHealthCheck(pool));
                await().atMost(WAIT).until(() -> registry.runHealthCheck("database").getMessage()
                        .equals("database reachable"));

                server.stop();
                await().atMost(WAIT).until(() -> !registry.runHealthCheck("database").isHealthy());

                // each answer is the latest background result: no caller waits for the pool's 10 s
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

    private static ComboPooledDataSource pool(PgServer server) {
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setJdbcUrl(server.jdbcUrl(server.defaultDatabase()));
        pool.setUser(server.user());
        pool.setPassword(server.password());
        pool.setCheckoutTimeout(3_000);
        pool.setTestConnectionOnCheckout(true);
        return pool;
    }
}
