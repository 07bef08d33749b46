package org.guardian.orchestrator.db;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A schedule's name and the names it depends on, read as {@link ScheduleMapper} reads them (its defects dropped). */
public final class DependsOnMapper implements RowMapper<Map.Entry<String, List<String>>> {
    @Override
    public Map.Entry<String, List<String>> map(ResultSet rs, StatementContext ctx) throws SQLException {
        return Map.entry(rs.getString("operation_name"), ScheduleMapper.dependsOn(rs.getArray("depends_on"), new ArrayList<>()));
    }
}
