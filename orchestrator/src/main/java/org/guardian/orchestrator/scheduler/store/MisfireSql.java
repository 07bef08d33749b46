package org.guardian.orchestrator.scheduler.store;

import org.quartz.spi.OperableTrigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.guardian.orchestrator.scheduler.store.SqlArrays.array;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.bindFireTimes;

/** The statement that stores misfired triggers' new fire times; {@code {0}} is Quartz's table prefix, {@code {1}} its scheduler name. */
final class MisfireSql {
    /** New fire times, compare-and-set on the state and on the fire time each trigger was read with. */
    static final String STORE_MISFIRED = "UPDATE {0}TRIGGERS T SET NEXT_FIRE_TIME = V.NEXT_FIRE,"
            + " PREV_FIRE_TIME = V.PREV_FIRE"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[])"
            + " AS V(NAME, GRP, NEXT_FIRE, PREV_FIRE, READ_FIRE)"
            + " WHERE T.SCHED_NAME = {1} AND T.TRIGGER_NAME = V.NAME AND T.TRIGGER_GROUP = V.GRP"
            + " AND T.TRIGGER_STATE = ? AND T.NEXT_FIRE_TIME = V.READ_FIRE"
            + " RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP";

    private MisfireSql() {
    }

    static void bindStoreMisfired(Connection conn, PreparedStatement ps, List<OperableTrigger> triggers,
                                  List<Long> readFireTimes, String waiting) throws SQLException {
        bindFireTimes(ps, 1, triggers);
        ps.setArray(5, array(conn, "bigint", readFireTimes));
        ps.setString(6, waiting);
    }
}
