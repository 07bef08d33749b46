package org.guardian.orchestrator.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test-data builder and queries for schedules and runs, straight in SQL (as an operator would). */
public final class ScheduleRows {
    private final TestDatabase db;
    private String name;
    private String cron = "*/2 * * * * ?";
    private String operation = "noop";
    private String config = "{}";
    private String timeZone = "UTC";
    private String[] dependsOn = new String[0];
    private int maxRetries;
    private String retryBackoff = "1 second";
    private String maxDuration;
    private int maxConsecutiveFailures = 3;
    private String misfirePolicy = "FIRE_ONCE";

    private ScheduleRows(TestDatabase db, String name) {
        this.db = db;
        this.name = name;
    }

    public static ScheduleRows schedule(TestDatabase db, String name) {
        return new ScheduleRows(db, name);
    }

    public ScheduleRows cron(String cron) {
        this.cron = cron;
        return this;
    }

    public ScheduleRows operation(String operation, String config) {
        this.operation = operation;
        this.config = config;
        return this;
    }

    public ScheduleRows timeZone(String timeZone) {
        this.timeZone = timeZone;
        return this;
    }

    public ScheduleRows dependsOn(String... dependsOn) {
        this.dependsOn = dependsOn;
        return this;
    }

    public ScheduleRows retries(int maxRetries, String backoff) {
        this.maxRetries = maxRetries;
        this.retryBackoff = backoff;
        return this;
    }

    public ScheduleRows maxDuration(String interval) {
        this.maxDuration = interval;
        return this;
    }

    public ScheduleRows maxConsecutiveFailures(int n) {
        this.maxConsecutiveFailures = n;
        return this;
    }

    public ScheduleRows misfirePolicy(String policy) {
        this.misfirePolicy = policy;
        return this;
    }

    public void insert() {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO orchestrator.maintenance_schedules"
                     + " (operation_name, operation, cron_schedule, time_zone, operation_config, depends_on, max_retries,"
                     + " retry_backoff, max_duration, max_consecutive_failures, misfire_policy)"
                     + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, CAST(? AS interval), CAST(? AS interval), ?, ?)")) {
            s.setString(1, name);
            s.setString(2, operation);
            s.setString(3, cron);
            s.setString(4, timeZone);
            s.setString(5, config);
            s.setArray(6, c.createArrayOf("text", dependsOn));
            s.setInt(7, maxRetries);
            s.setString(8, retryBackoff);
            s.setString(9, maxDuration);
            s.setInt(10, maxConsecutiveFailures);
            s.setString(11, misfirePolicy);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One attempt as the tests see it. */
    public record RunRow(long id, Instant fireTime, int attempt, String kind, String status, String node, String error) {
    }

    public static List<RunRow> runs(TestDatabase db, String schedule) {
        List<RunRow> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, scheduled_fire_time, attempt, trigger_kind, status,"
                     + " node_id, error FROM orchestrator.job_runs WHERE schedule_name = ? ORDER BY id")) {
            s.setString(1, schedule);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(2);
                    rows.add(new RunRow(rs.getLong(1), t.toInstant(), rs.getInt(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    public static String scalar(TestDatabase db, String sql) {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
