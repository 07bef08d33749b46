package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code maintenance_schedules}: the source of truth for what runs when. */
@RegisterRowMapper(ScheduleMapper.class)
public interface ScheduleDao {

    @SqlQuery("SELECT * FROM orchestrator.maintenance_schedules ORDER BY operation_name")
    List<Schedule> findAll();

    @SqlQuery("SELECT * FROM orchestrator.maintenance_schedules WHERE operation_name = :name")
    Optional<Schedule> find(@Bind("name") String name);

    /** Changes whenever a definition changes (versions) or a row appears or goes away. */
    @SqlQuery("SELECT md5(coalesce(string_agg(operation_name || ':' || version, ',' ORDER BY operation_name), ''))"
            + " FROM orchestrator.maintenance_schedules")
    String signature();

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET blocked_reason = :reason"
            + " WHERE operation_name = :name AND blocked_reason IS DISTINCT FROM :reason")
    int setBlockedReason(@Bind("name") String name, @Bind("reason") String reason);

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET next_run = :nextRun"
            + " WHERE operation_name = :name AND next_run IS DISTINCT FROM :nextRun")
    int setNextRun(@Bind("name") String name, @Bind("nextRun") Instant nextRun);

    /** Marks the schedule suppressed unless it already is; true when this call did it. */
    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET suppressed_at = :at"
            + " WHERE operation_name = :name AND suppressed_at IS NULL")
    int suppress(@Bind("name") String name, @Bind("at") Instant at);

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET suppressed_at = NULL, consecutive_failures = 0"
            + " WHERE operation_name = :name")
    int reset(@Bind("name") String name);

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET paused = :paused WHERE operation_name = :name")
    int setPaused(@Bind("name") String name, @Bind("paused") boolean paused);
}
