package org.guardian.orchestrator.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a {@code maintenance_schedules} row to a {@link Schedule}, defensively: a value the table
 * holds but the orchestrator cannot use as written (SQL edits can put a NULL in {@code depends_on}
 * or an array in {@code operation_config}) becomes the schedule's defect, never an exception, so
 * that one row cannot fail a listing, a reconciliation or a node's start.
 */
public final class ScheduleMapper implements RowMapper<Schedule> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final IntervalReader intervals = new IntervalReader();

    @Override
    public Schedule map(ResultSet rs, StatementContext ctx) throws SQLException {
        List<String> defects = new ArrayList<>();
        Duration exact = intervals.read(rs, "max_duration");
        return new Schedule(
                rs.getString("operation_name"),
                rs.getString("operation"),
                rs.getString("cron_schedule"),
                rs.getString("time_zone"),
                rs.getBoolean("is_enabled"),
                dependsOn(rs.getArray("depends_on"), defects),
                exact != null ? exact : Duration.ofMinutes(rs.getInt("max_duration_minutes")),
                rs.getInt("max_retries"),
                intervals.read(rs, "retry_backoff"),
                rs.getInt("max_consecutive_failures"),
                intervals.read(rs, "dependency_window"),
                rs.getInt("priority"),
                misfirePolicy(rs.getString("misfire_policy"), defects),
                config(rs.getString("operation_config"), defects),
                rs.getBoolean("paused"),
                instant(rs, "suppressed_at"),
                rs.getString("blocked_reason"),
                rs.getInt("consecutive_failures"),
                instant(rs, "last_run"),
                rs.getString("last_status"),
                instant(rs, "next_run"),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                defects.isEmpty() ? null : "unreadable row: " + String.join("; ", defects),
                rs.getString("notify"),
                rs.getObject("keep_runs", Integer.class));
    }

    /** A {@code timestamptz} read without the calendar arithmetic of {@link ResultSet#getTimestamp}. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** The names, without NULLs; a NULL or a nested array is a defect. */
    static List<String> dependsOn(Array array, List<String> defects) throws SQLException {
        if (array == null) {
            return List.of();
        }
        if (!(array.getArray() instanceof String[] names)) {
            defects.add("depends_on is not a one-dimensional text array");
            return List.of();
        }
        List<String> kept = java.util.Arrays.stream(names).filter(Objects::nonNull).toList();
        if (kept.size() < names.length) {
            defects.add("depends_on contains NULL");
        }
        return kept;
    }

    private static MisfirePolicy misfirePolicy(String text, List<String> defects) {
        try {
            return MisfirePolicy.valueOf(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            defects.add("misfire_policy " + text + " is not one of FIRE_ONCE, SKIP");
            return MisfirePolicy.FIRE_ONCE;
        }
    }

    /** The keys with a value; anything but a JSON object, or a null value, is a defect. */
    static Map<String, Object> config(String text, List<String> defects) {
        if (text == null || text.isBlank() || text.equals("{}")) {
            return Map.of();
        }
        Map<String, Object> values;
        try {
            values = JSON.readValue(text, MAP); // one pass; what is not an object is told below
        } catch (IOException e) {
            values = null;
        }
        if (values == null) {
            return notAnObject(text, defects);
        }
        values.forEach((key, value) -> {
            if (value == null) {
                defects.add("operation_config." + key + " is null");
            }
        });
        values.values().removeIf(Objects::isNull);
        return values;
    }

    /** Why {@code text} is not a JSON object, added to {@code defects}; no values. */
    private static Map<String, Object> notAnObject(String text, List<String> defects) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            defects.add("operation_config is not JSON");
            return Map.of();
        }
        defects.add(node.isObject() ? "operation_config is not readable as an object"
                : "operation_config is not a JSON object but " + node.getNodeType().name().toLowerCase());
        return Map.of();
    }
}
