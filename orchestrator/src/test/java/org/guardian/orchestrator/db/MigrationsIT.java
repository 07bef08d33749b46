package org.guardian.orchestrator.db;

import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsIT {

    @Test
    void seedsTheElevenDefaultSchedulesWithTheirOperationDefaultedToTheirName() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.get().freshlyMigratedDatabase("migrations_check").getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT operation_name, operation, cron_schedule, priority FROM orchestrator.maintenance_schedules ORDER BY operation_name")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).isEqualTo(rs.getString(1));
                rows.add(rs.getString(1) + "|" + rs.getString(3) + "|" + rs.getInt(4));
            }
        }
        assertThat(rows).hasSize(14).contains(
                "process_cache_invalidation_queue|*/30 * * * *|1",
                "monitor_slow_queries|*/5 * * * *|4",
                "process_materialized_view_refresh_queue|*/5 * * * *|3",
                "maintain_database_indexes|0 4 * * 0|5",
                "audit_log_cleanup|0 3 1 * *|8");
    }
}
