package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.TriggerKind;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps a {@code job_runs} row to a {@link Run}. */
public final class RunMapper implements RowMapper<Run> {
    @Override
    public Run map(ResultSet rs, StatementContext ctx) throws SQLException {
        long duration = rs.getLong("duration_ms");
        return new Run(
                rs.getLong("id"),
                rs.getString("schedule_name"),
                rs.getString("operation"),
                TriggerKind.valueOf(rs.getString("trigger_kind")),
                ScheduleMapper.instant(rs, "scheduled_fire_time"),
                ScheduleMapper.instant(rs, "started_at"),
                ScheduleMapper.instant(rs, "finished_at"),
                rs.wasNull() ? null : duration,
                RunStatus.valueOf(rs.getString("status")),
                rs.getInt("attempt"),
                rs.getString("node_id"),
                rs.getString("error"),
                rs.getString("result"),
                rs.getString("requested_by"));
    }
}
