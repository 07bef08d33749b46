package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.orchestrator.db.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A PostgreSQL of its own, stopped and started again under a c3p0 pool like the application's. */
class DatabaseHealthCheckIT {

    @Test
    void unhealthyWhileTheDatabaseIsDownAndHealthyAgainAfter() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "health-pg").resolve("data");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
        int port = server.port();
        try (ComboPooledDataSource pool = pool(server)) {
            DatabaseHealthCheck check = new DatabaseHealthCheck(pool);
            assertThat(check.execute().isHealthy()).isTrue();

            server.close();
            HealthCheck.Result down = check.execute();
            assertThat(down.isHealthy()).isFalse();
            assertThat(down.getMessage()).startsWith("database unreachable");

            server = EmbeddedPostgresServer.start(data, port);
            assertThat(check.execute().isHealthy()).isTrue();
        } finally {
            server.close();
        }
    }

    private static ComboPooledDataSource pool(EmbeddedPostgresServer server) {
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setJdbcUrl(server.jdbcUrl());
        pool.setUser(server.user());
        pool.setCheckoutTimeout(3_000);
        pool.setTestConnectionOnCheckout(true);
        return pool;
    }
}
