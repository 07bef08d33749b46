package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.ScheduleChange;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;

/** {@code schedule_changes}: the audit of every accepted change. */
@RegisterRowMapper(ChangeMapper.class)
public interface ChangeDao {

    @SqlUpdate("INSERT INTO orchestrator.schedule_changes (schedule_name, action, changed_by, before, after)"
            + " VALUES (:schedule, :action, :by, CAST(:before AS jsonb), CAST(:after AS jsonb))")
    void record(@Bind("schedule") String schedule, @Bind("action") String action, @Bind("by") String by,
                @Bind("before") String beforeJson, @Bind("after") String afterJson);

    /** Retention: deletes up to {@code limit} of the oldest rows written before {@code cutoff}. */
    @SqlUpdate("DELETE FROM orchestrator.schedule_changes WHERE id IN (SELECT id FROM orchestrator.schedule_changes"
            + " WHERE changed_at < :cutoff ORDER BY id LIMIT :limit)")
    int deleteOlderThan(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** A schedule's changes, newest first. */
    @SqlQuery("SELECT * FROM orchestrator.schedule_changes WHERE schedule_name = :schedule ORDER BY id DESC LIMIT :limit")
    List<ScheduleChange> forSchedule(@Bind("schedule") String schedule, @Bind("limit") int limit);
}
