package org.guardian.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the console's browser tests and screenshots show: the eleven default schedules (one paused,
 * one suppressed), three of the tests' own (a short sleep, one depending on it, one depending on a
 * name no schedule has) and two days of generated runs of the default schedules.
 */
public final class ConsoleData {
    private static final Path DEFAULTS = Path.of("..", "sql", "orchestrator", "V3__default_schedules.sql");

    private ConsoleData() {
    }

    public static void load() throws IOException {
        restoreDefaultSchedules();
        TestDatabase db = TestDatabase.get();
        db.execute("UPDATE orchestrator.maintenance_schedules SET paused = true"
                + " WHERE operation_name = 'partition_maintenance';"
                + " UPDATE orchestrator.maintenance_schedules SET suppressed_at = now() - interval '2 hours',"
                + " consecutive_failures = 3 WHERE operation_name = 'audit_log_cleanup';"
                + " INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, time_zone,"
                + " depends_on, operation_config) VALUES"
                + " ('console_sleep', 'sleep', '0 0 1 1 *', 'Europe/Berlin', '{}', '{\"seconds\": 0.2}'),"
                + " ('console_report', 'noop', '0 0 2 1 *', 'UTC', '{console_sleep}', '{}'),"
                + " ('console_blocked', 'noop', '0 0 3 1 *', 'UTC', '{no_such_schedule}', '{}')");
        db.execute(generatedRuns());
    }

    /** Fourteen runs of each default schedule, every three hours back from now, about one in five failed. */
    private static String generatedRuns() {
        return "INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, finished_at, duration_ms, status, attempt, node_id, error, result)"
                + " SELECT name, name, 'CRON', t, t + interval '40 milliseconds', t + d * interval '1 millisecond', d,"
                + " CASE WHEN failed THEN 'FAILED' ELSE 'SUCCESS' END, 1, CASE WHEN i % 2 = 0 THEN 'console-a'"
                + " ELSE 'console-b' END, CASE WHEN failed THEN 'ERROR: canceling statement due to lock timeout'"
                + " || chr(10) || '  Where: while refreshing materialized view' END,"
                + " CASE WHEN failed THEN NULL ELSE jsonb_build_object('rows_affected', i * 137 % 1000,"
                + " 'views_refreshed', 1 + i % 3) END"
                + " FROM (SELECT s.operation_name AS name, i, now() - i * interval '3 hours'"
                + " - length(s.operation_name) * interval '1 minute' AS t,"
                + " 300 + (i * 37 + length(s.operation_name) * 101) % 2700 AS d,"
                + " (i * 7 + length(s.operation_name)) % 5 = 0 AS failed"
                + " FROM orchestrator.maintenance_schedules s, generate_series(1, 14) i"
                + " WHERE s.operation_name NOT LIKE 'console%') g ORDER BY t";
    }

    /** Leaves the shared database as the migrations made it: other tests expect the default schedules. */
    public static void restoreDefaultSchedules() throws IOException {
        StoredSchedules.reset();
        TestDatabase.get().execute("SET search_path TO orchestrator, public; " + Files.readString(DEFAULTS)
                + "; RESET search_path");
    }
}
