package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.PgProviders;
import org.guardian.orchestrator.testing.pg.PgServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** A PostgreSQL of its own, stopped and started again under a c3p0 pool like the application's. */
@Timeout(180)
@NeedsServer(ServerNeed.STOP_AND_START)
class DatabaseHealthCheckIT {

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
