package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;

/** A database answers through a pool (the application pool; the target database's, when it has its own). */
public final class DatabaseHealthCheck extends HealthCheck {
    private static final int VALID_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected Result check() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALID_TIMEOUT_SECONDS)
                    ? Result.healthy("database reachable")
                    : Result.unhealthy("database connection is not valid (no answer within "
                    + VALID_TIMEOUT_SECONDS + " s)");
        } catch (Exception e) {
            return Result.unhealthy("database unreachable: " + e.getMessage());
        }
    }
}
