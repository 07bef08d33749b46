package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.ScheduleChange;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps a {@code schedule_changes} row to a {@link ScheduleChange}. */
public final class ChangeMapper implements RowMapper<ScheduleChange> {
    @Override
    public ScheduleChange map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ScheduleChange(rs.getLong("id"), rs.getString("schedule_name"), rs.getString("action"),
                rs.getString("changed_by"), ScheduleMapper.instant(rs, "changed_at"), rs.getString("before"),
                rs.getString("after"));
    }
}
