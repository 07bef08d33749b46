package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A row of a schedule listing: the schedule, whether an attempt of it runs, whether the cluster is paused. */
public record ListedSchedule(Schedule schedule, boolean running, boolean clusterPaused) {
    /** Maps {@code s.*} with {@link ScheduleMapper}, and the {@code running} and {@code cluster_paused} columns. */
    public static final class Mapper implements RowMapper<ListedSchedule> {
        private final ScheduleMapper schedules = new ScheduleMapper();

        @Override
        public ListedSchedule map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new ListedSchedule(schedules.map(rs, ctx), rs.getBoolean("running"), rs.getBoolean("cluster_paused"));
        }
    }
}
