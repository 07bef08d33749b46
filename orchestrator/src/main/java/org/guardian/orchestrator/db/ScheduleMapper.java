package org.guardian.orchestrator.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.postgresql.util.PGInterval;

import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Maps a {@code maintenance_schedules} row to a {@link Schedule}. */
public final class ScheduleMapper implements RowMapper<Schedule> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public Schedule map(ResultSet rs, StatementContext ctx) throws SQLException {
        Duration exact = interval(rs, "max_duration");
        return new Schedule(
                rs.getString("operation_name"),
                rs.getString("operation"),
                rs.getString("cron_schedule"),
                rs.getString("time_zone"),
                rs.getBoolean("is_enabled"),
                textArray(rs.getArray("depends_on")),
                exact != null ? exact : Duration.ofMinutes(rs.getInt("max_duration_minutes")),
                rs.getInt("max_retries"),
                interval(rs, "retry_backoff"),
                rs.getInt("max_consecutive_failures"),
                interval(rs, "dependency_window"),
                rs.getInt("priority"),
                MisfirePolicy.valueOf(rs.getString("misfire_policy")),
                json(rs.getString("operation_config")),
                rs.getBoolean("paused"),
                instant(rs, "suppressed_at"),
                rs.getString("blocked_reason"),
                rs.getInt("consecutive_failures"),
                instant(rs, "last_run"),
                rs.getString("last_status"),
                instant(rs, "next_run"),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static Duration interval(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        return Intervals.toDuration((PGInterval) value);
    }

    private static List<String> textArray(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    static Map<String, Object> json(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, MAP);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable operation_config: " + text, e);
        }
    }
}
