package org.guardian.orchestrator.retention;

import org.guardian.orchestrator.config.RetentionSettings;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Run history and the audit kept bounded, driven by a fixed clock: what goes, what stays, one node at a time. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HistoryRetentionIT {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String AT_NOW = "TIMESTAMPTZ '2026-06-01 00:00:00+00'";

    private final TestDatabase db = TestDatabase.get();
    private final Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());

    @BeforeEach
    void empty() {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("keeper");
        db.execute("UPDATE orchestrator.maintenance_schedules SET keep_runs = 5 WHERE operation_name = 'keeper'");
    }

    @Test
    void runsOlderThanTheRetentionGoAndNewerOnesStay() {
        runs("alpha", 10, 40);
        runs("alpha", 10, 10);
        assertThat(retention(10).pass()).hasValueSatisfying(r -> assertThat(r.runs()).isEqualTo(10));
        assertThat(count("alpha", "started_at > " + AT_NOW + " - INTERVAL '30 days'")).isEqualTo(10);
        assertThat(count("alpha", "true")).isEqualTo(10);
    }

    @Test
    void aScheduleKeepsItsKeepRunsLatestRunsWhateverTheirAge() {
        runs("keeper", 20, 60);
        retention(1000).pass();
        assertThat(count("keeper", "true")).isEqualTo(5);
        assertThat(StoredSchedules.query("SELECT min(id) > (SELECT max(id) - 5 FROM orchestrator.job_runs)"
                + " FROM orchestrator.job_runs")).isEqualTo("t");
    }

    @Test
    void aScheduleKeepsItsLatestRunWhenItKeepsNoMore() {
        runs("alpha", 3, 60);
        retention(1000).pass();
        assertThat(count("alpha", "true")).isEqualTo(1);
    }

    @Test
    void theRunsOfADeletedScheduleAllGo() {
        runs("gone", 4, 60);
        retention(1000).pass();
        assertThat(count("gone", "true")).isZero();
    }

    @Test
    void aRunningAttemptIsNeverRemoved() {
        runs("alpha", 2, 60);
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, status, node_id) VALUES ('alpha', 'noop', 'CRON', " + AT_NOW + ", " + AT_NOW
                + " - INTERVAL '60 days', 'RUNNING', 'n1')");
        retention(1000).pass();
        assertThat(count("alpha", "status = 'RUNNING'")).isEqualTo(1);
        assertThat(count("alpha", "true")).isEqualTo(2);
    }

    @Test
    void smallBatchesWalkTheWholeTableOnce() {
        runs("keeper", 12, 90);
        runs("alpha", 35, 60);
        runs("gone", 28, 45);
        runs("alpha", 7, 1);
        assertThat(retention(10).pass()).hasValueSatisfying(r -> assertThat(r.runs()).isEqualTo(7 + 35 + 28));
        assertThat(count("keeper", "true")).isEqualTo(5);
        assertThat(count("alpha", "true")).isEqualTo(7);
        assertThat(retention(10).pass()).hasValueSatisfying(r -> assertThat(r.runs()).isZero());
    }

    @Test
    void theAuditKeepsItsOwnLongerRetention() {
        for (int days : new int[]{500, 401, 399, 100, 1}) {
            db.execute("INSERT INTO orchestrator.schedule_changes (schedule_name, action, changed_by, changed_at)"
                    + " VALUES ('alpha', 'UPDATE', 'admin', " + AT_NOW + " - INTERVAL '" + days + " days')");
        }
        runs("gone", 1, 100);
        assertThat(retention(2).pass()).hasValueSatisfying(r -> assertThat(r.changes()).isEqualTo(2));
        assertThat(StoredSchedules.query("SELECT count(*) FROM orchestrator.schedule_changes")).isEqualTo("3");
    }

    @Test
    void onlyOneNodeAtATimeMakesAPass() throws Exception {
        runs("gone", 3, 60);
        try (Connection other = db.dataSource().getConnection(); Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + AdvisoryLocks.CLUSTER_TASKS + ", " + AdvisoryLocks.RETENTION + ")");
            assertThat(retention(1000).pass()).isEmpty();
            assertThat(count("gone", "true")).isEqualTo(3);
        }
        assertThat(retention(1000).pass()).isPresent();
        assertThat(count("gone", "true")).isZero();
    }

    private HistoryRetention retention(int batchSize) {
        RetentionSettings settings = new RetentionSettings();
        settings.setRuns(Duration.ofDays(30));
        settings.setChanges(Duration.ofDays(400));
        settings.setBatchSize(batchSize);
        return new HistoryRetention(jdbi, settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** {@code n} finished runs of {@code schedule} that started {@code daysAgo} days before the clock's now. */
    private void runs(String schedule, int n, int daysAgo) {
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, finished_at, duration_ms, status, node_id) SELECT '" + schedule + "', 'noop', 'MANUAL', "
                + AT_NOW + ", " + AT_NOW + " - INTERVAL '" + daysAgo + " days' + i * INTERVAL '1 second', " + AT_NOW
                + ", 1, 'SUCCESS', 'n1' FROM generate_series(1, " + n + ") i");
    }

    private static long count(String schedule, String condition) {
        return Long.parseLong(StoredSchedules.query("SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name = '"
                + schedule + "' AND " + condition));
    }
}
