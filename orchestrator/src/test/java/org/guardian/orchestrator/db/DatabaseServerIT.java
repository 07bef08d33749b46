package org.guardian.orchestrator.db;

import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain sessions of migrations and one-off commands go where the settings say, as they say it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DatabaseServerIT {

    @Test
    void anUnpooledSessionKeepsTheConfiguredUrlWhichFlywayLogs() throws Exception {
        TestDatabase db = TestDatabase.get();
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "connectTimeout=7";

        try (Connection session = DatabaseServer.unpooled(new DatabaseAddress(url, db.user(), db.password()))
                .getConnection()) {
            assertThat(session.getMetaData().getURL())
                    .as("the URL as configured, not every driver default spelled out")
                    .isEqualTo(url);
            assertThat(session.getMetaData().getUserName()).isEqualTo(db.user());
        }
    }
}
