package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** The upkeep of the tables every fire rewrites, on the real PostgreSQL. */
class HotTableVacuumIT {
    private final TestDatabase db = TestDatabase.get();

    @Test
    void aRoundRemovesTheDeadVersionsOfTheHotTablesAndTheFirstOneAnalyzesTheQuartzTables() throws Exception {
        db.resetOrchestrator();
        schedule(db, "rewritten_often").cron("0 0 3 * * ?").operation("noop", "{}").insert();
        for (int i = 0; i < 200; i++) {
            db.execute("UPDATE orchestrator.maintenance_schedules SET last_duration_minutes = " + i
                    + " WHERE operation_name = 'rewritten_often'");
        }
        long vacuumsBefore = count("vacuum_count", "maintenance_schedules");
        long analyzesBefore = count("analyze_count", "qrtz_job_details");
        HotTableVacuum vacuum = new HotTableVacuum(db.dataSource(), Duration.ZERO);

        assertThat(vacuum.round()).isTrue();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(count("vacuum_count", "maintenance_schedules")).isGreaterThan(vacuumsBefore);
            assertThat(count("vacuum_count", "qrtz_triggers")).isPositive();
            assertThat(count("analyze_count", "qrtz_job_details")).as("the first round analyzes")
                    .isGreaterThan(analyzesBefore);
            assertThat(count("n_dead_tup", "maintenance_schedules")).as("dead versions left").isZero();
        });
    }

    @Test
    void laterRoundsAnalyzeOnlyTheTablesWhoseRowsGrewOrShrank() throws Exception {
        db.resetOrchestrator();
        HotTableVacuum vacuum = new HotTableVacuum(db.dataSource(), Duration.ZERO);
        vacuum.round();
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'grown_' || i, 'noop', '0 0 3 * * ?' FROM generate_series(1, 500) i");
        await().atMost(Duration.ofSeconds(15)).until(() -> count("n_live_tup", "maintenance_schedules") >= 500);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("analyze_count", "qrtz_job_details") > 0);
        long jobsAnalyzed = count("analyze_count", "qrtz_job_details");
        long schedulesAnalyzed = count("analyze_count", "maintenance_schedules");

        for (int i = 1; i <= HotTableVacuum.ANALYZE_EVERY; i++) {
            vacuum.round();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> count("analyze_count", "maintenance_schedules") > schedulesAnalyzed);
        assertThat(count("analyze_count", "qrtz_job_details")).as("no rows came or went").isEqualTo(jobsAnalyzed);
    }

    @Test
    void aRoleThatDoesNotOwnTheTablesStopsTryingAfterTheFirstRefusal() throws Exception {
        String role = db.roleName("vacuum_outsider");
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " CREATE ROLE " + role + " LOGIN PASSWORD 'outsider-secret'; END IF; END $$;"
                + " GRANT USAGE ON SCHEMA orchestrator TO " + role + ";"
                + " GRANT SELECT ON ALL TABLES IN SCHEMA orchestrator TO " + role);
        DataSource outsider = TestDatabase.dataSource(db.jdbcUrl(), role, "outsider-secret");
        long vacuumsBefore = count("vacuum_count", "qrtz_triggers");
        HotTableVacuum vacuum = new HotTableVacuum(outsider, Duration.ZERO);

        assertThat(vacuum.round()).as("refused").isFalse();
        assertThat(vacuum.round()).as("not tried again").isFalse();
        assertThat(vacuum.rounds()).isEqualTo(1);
        assertThat(count("vacuum_count", "qrtz_triggers")).isEqualTo(vacuumsBefore);
    }

    private long count(String column, String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT " + column + " FROM pg_stat_user_tables"
                    + " WHERE schemaname = 'orchestrator' AND relname = '" + table + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
