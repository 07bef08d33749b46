package org.guardian.orchestrator.db;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code schedule_changes}: the audit of every accepted change. */
public interface ChangeDao {

    @SqlUpdate("INSERT INTO orchestrator.schedule_changes (schedule_name, action, changed_by, before, after)"
            + " VALUES (:schedule, :action, :by, CAST(:before AS jsonb), CAST(:after AS jsonb))")
    void record(@Bind("schedule") String schedule, @Bind("action") String action, @Bind("by") String by,
                @Bind("before") String beforeJson, @Bind("after") String afterJson);
}
