package org.guardian.orchestrator.db;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

import java.util.List;

/**
 * Pages of {@code maintenance_schedules} for listings. Apart from {@link ScheduleDao}: Jdbi builds
 * a handler for every method of a SQL object each time one is called, and a listing is called
 * hundreds of times a second.
 */
public interface SchedulePageDao {
    /** Whether an attempt of the schedule {@code s} runs now (a unique partial index serves it). */
    String RUNNING = "EXISTS (SELECT 1 FROM orchestrator.job_runs r"
            + " WHERE r.schedule_name = s.operation_name AND r.status = 'RUNNING')";

    /**
     * Up to {@code limit} schedules in bytewise name order (an index serves it), named after
     * {@code after}, from {@code from} to before {@code until}, for which {@code where} (SQL over
     * the row {@code s} and the cluster's state {@code c}, written by the caller, never by a client)
     * holds; each with whether an attempt of it runs and whether the cluster is paused, in one statement.
     */
    @SqlQuery("SELECT s.*, " + RUNNING + " AS running, c.global_paused AS cluster_paused"
            + " FROM orchestrator.maintenance_schedules s CROSS JOIN orchestrator.cluster_state c"
            + " WHERE s.operation_name COLLATE \"C\" > :after"
            + " AND s.operation_name COLLATE \"C\" >= :from AND s.operation_name COLLATE \"C\" < :until"
            + " AND (<where>) ORDER BY s.operation_name COLLATE \"C\" LIMIT :limit")
    @UseRowMapper(ListedSchedule.Mapper.class)
    List<ListedSchedule> page(@Bind("after") String after, @Bind("from") String from, @Bind("until") String until,
                              @Define("where") String where, @Bind("limit") int limit);
}
