package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.annotation.Async;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A database answers through a pool (the application pool; the target database's, when it has its
 * own), and takes writes: a standby, or a server made read-only, answers every write with an error.
 */
@Async(period = BackgroundChecks.PERIOD_SECONDS, scheduleType = Async.ScheduleType.FIXED_DELAY,
        healthyTtl = BackgroundChecks.FRESH_SECONDS)
public final class DatabaseHealthCheck extends HealthCheck {
    private static final int VALID_TIMEOUT_SECONDS = 2;
    static final String WRITABLE = "SELECT current_setting('transaction_read_only') = 'on', pg_is_in_recovery()";

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected Result check() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALID_TIMEOUT_SECONDS)) {
                return Result.unhealthy("database connection is not valid (no answer within "
                        + VALID_TIMEOUT_SECONDS + " s)");
            }
            return writable(connection);
        } catch (Exception e) {
            return Result.unhealthy("database unreachable: " + e.getMessage());
        }
    }

    private static Result writable(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(VALID_TIMEOUT_SECONDS);
            try (ResultSet rs = statement.executeQuery(WRITABLE)) {
                rs.next();
                if (rs.getBoolean(2)) {
                    return Result.unhealthy("database reachable but read-only: a standby in recovery;"
                            + " nothing can be written (is the URL's primary the right one?)");
                }
                if (rs.getBoolean(1)) {
                    return Result.unhealthy("database reachable but read-only: default_transaction_read_only"
                            + " is on; nothing can be written");
                }
                return Result.healthy("database reachable");
            }
        }
    }
}
