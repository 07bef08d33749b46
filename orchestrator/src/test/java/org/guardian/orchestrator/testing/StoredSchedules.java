package org.guardian.orchestrator.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test data and assertions on {@code maintenance_schedules} and {@code schedule_changes}, straight in SQL. */
public final class StoredSchedules {
    /** Everything an accepted change would alter: each row's name, version and definition, and the audit count. */
    private static final String SNAPSHOT = "SELECT (SELECT coalesce(string_agg(s::text, '|' ORDER BY operation_name), '')"
            + " FROM (SELECT operation_name, operation, cron_schedule, time_zone, is_enabled, depends_on,"
            + " max_duration_minutes, max_duration, max_retries, retry_backoff, max_consecutive_failures,"
            + " dependency_window, priority, misfire_policy, operation_config, paused, suppressed_at, version"
            + " FROM orchestrator.maintenance_schedules) s)"
            + " || ' changes=' || (SELECT count(*) FROM orchestrator.schedule_changes)";
    /** Quartz's jobs and triggers (names, kinds and cron expressions), which a refused change must not alter. */
    private static final String QUARTZ_SNAPSHOT = "SELECT (SELECT count(*) FROM orchestrator.qrtz_job_details) || ' jobs: '"
            + " || coalesce((SELECT string_agg(t.trigger_group || '/' || t.trigger_name || '=' || coalesce("
            + " c.cron_expression || ' ' || c.time_zone_id, t.trigger_type), ', ' ORDER BY t.trigger_group, t.trigger_name)"
            + " FROM orchestrator.qrtz_triggers t LEFT JOIN orchestrator.qrtz_cron_triggers c"
            + " USING (sched_name, trigger_name, trigger_group)), '')";

    private StoredSchedules() {
    }

    /**
     * Empties the orchestrator's tables ({@link TestDatabase#resetOrchestrator()}), trying again when the
     * truncation deadlocks with a running node's Quartz bookkeeping (PostgreSQL then rolls it back whole).
     */
    public static void reset() {
        for (int attempt = 1; ; attempt++) {
            try {
                TestDatabase.get().resetOrchestrator();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5 || !String.valueOf(e.getCause()).contains("deadlock")) {
                    throw e;
                }
            }
        }
    }

    /** Waits until no attempt is running and no manual trigger is pending, so the next reset races nothing. */
    public static void awaitQuiet() {
        org.awaitility.Awaitility.await().until(() -> query("SELECT (SELECT count(*) FROM orchestrator.job_runs"
                + " WHERE status = 'RUNNING') + (SELECT count(*) FROM orchestrator.qrtz_triggers"
                + " WHERE trigger_group = 'manual') + (SELECT count(*) FROM orchestrator.qrtz_fired_triggers)").equals("0"));
    }

    /** A schedule of the diagnostic {@code noop} that fires once a year, depending on {@code dependsOn}. */
    public static void insert(String name, String... dependsOn) {
        update("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, depends_on)"
                + " VALUES (?, 'noop', '0 0 1 1 *', ?)", name, dependsOn);
    }

    public static String snapshot() {
        return query(SNAPSHOT);
    }

    public static String quartzSnapshot() {
        return query(QUARTZ_SNAPSHOT);
    }

    /** Both snapshots read in one statement on the caller's connection (no new session per read). */
    public static String bothSnapshots(Connection c) {
        return query(c, "SELECT (" + SNAPSHOT + ") || ' / Quartz: ' || (" + QUARTZ_SNAPSHOT + ")");
    }

    public static long changeCount(String schedule) {
        return Long.parseLong(query("SELECT count(*) FROM orchestrator.schedule_changes WHERE schedule_name = '"
                + schedule + "'"));
    }

    /** Whether Quartz's shared job store holds the schedule's job (read directly: tests only). */
    public static boolean quartzJobExists(String schedule) {
        return !query("SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_group = 'schedules'"
                + " AND job_name = '" + schedule + "'").equals("0");
    }

    public static String query(String sql) {
        try (Connection c = TestDatabase.get().dataSource().getConnection()) {
            return query(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String query(Connection c, String sql) {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void update(String sql, String name, String[] dependsOn) {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.setArray(2, c.createArrayOf("text", dependsOn));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
