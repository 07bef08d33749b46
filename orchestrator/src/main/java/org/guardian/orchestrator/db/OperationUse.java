package org.guardian.orchestrator.db;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An operation and one config schedules give it: {@code configJson} as the table holds it (to find
 * those rows again), {@code config} as {@link ScheduleMapper} reads it, and whether it is readable.
 */
public record OperationUse(String operation, String configJson, Map<String, Object> config, boolean readable) {

    /** Reads {@code operation} and {@code config} (the JSON text). */
    public static final class Mapper implements RowMapper<OperationUse> {
        @Override
        public OperationUse map(ResultSet rs, StatementContext ctx) throws SQLException {
            List<String> defects = new ArrayList<>();
            String json = rs.getString("config");
            Map<String, Object> config = ScheduleMapper.config(json, defects);
            return new OperationUse(rs.getString("operation"), json, config, defects.isEmpty());
        }
    }
}
