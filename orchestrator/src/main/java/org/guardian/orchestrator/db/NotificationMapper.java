package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Notification;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A {@code notifications} row. */
public final class NotificationMapper implements RowMapper<Notification> {
    @Override
    public Notification map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Notification(rs.getLong("id"), rs.getString("event"), rs.getString("schedule_name"),
                rs.getString("channel"), rs.getString("recipient"), rs.getString("subject"), rs.getString("body"),
                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                ScheduleMapper.instant(rs, "created_at"), ScheduleMapper.instant(rs, "sent_at"),
                rs.getString("raised_by"), rs.getString("sent_by"));
    }
}
