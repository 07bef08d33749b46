package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** A database that answers but refuses writes is unhealthy, and the check says why. */
@Timeout(60)
class DatabaseWritesHealthCheckIT {
    private final TestDatabase db = TestDatabase.get();

    @Test
    void aWritableDatabaseIsHealthy() throws Exception {
        HealthCheck.Result result;
        try (DatabaseHealthCheck check = new DatabaseHealthCheck(db.dataSource())) {
            result = check.execute();
        }

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("database reachable");
    }

    @Test
    void aDatabaseMadeReadOnlyIsUnhealthyAndNamesTheSetting() throws Exception {
        String readOnly = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
                + "options=-c%20default_transaction_read_only%3Don";

        HealthCheck.Result result;
        try (DatabaseHealthCheck check = new DatabaseHealthCheck(db.dataSource(readOnly))) {
            result = check.execute();
        }

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("database reachable but read-only: default_transaction_read_only"
                + " is on; nothing can be written");
    }
}
