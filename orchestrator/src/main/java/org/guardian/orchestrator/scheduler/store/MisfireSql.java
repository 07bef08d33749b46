package org.guardian.orchestrator.scheduler.store;

import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.guardian.orchestrator.scheduler.store.SqlArrays.array;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.bindFireTimes;

/** The statements that find misfired triggers and store their new fire times; {@code {0}} is Quartz's table prefix, {@code {1}} its scheduler name. */
final class MisfireSql {
    /**
     * Quartz's query with its limit in SQL: a server-prepared statement soon runs a generic plan,
     * which for {@code NEXT_FIRE_TIME < ?} without a limit scanned the whole table (17-90 ms at
     * 100,000 triggers); with one it walks the fire-time index (under 0.1 ms).
     */
    static final String MISFIRED = "SELECT TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS WHERE SCHED_NAME = {1}"
            + " AND TRIGGER_STATE = ? AND NEXT_FIRE_TIME < ? AND NOT (MISFIRE_INSTR = -1)"
            + " ORDER BY NEXT_FIRE_TIME ASC, PRIORITY DESC LIMIT ?";
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

    /** As Quartz's {@code hasMisfiredTriggersInState}: up to {@code count} keys into {@code found}; whether there are more. */
    static boolean misfired(Connection conn, String sql, String state, long before, int count, List<TriggerKey> found)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, state);
            ps.setLong(2, before);
            ps.setInt(3, count + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (found.size() == count) {
                        return true;
                    }
                    found.add(TriggerKey.triggerKey(rs.getString(1), rs.getString(2)));
                }
                return false;
            }
        }
    }

    static void bindStoreMisfired(Connection conn, PreparedStatement ps, List<OperableTrigger> triggers,
                                  List<Long> readFireTimes, String waiting) throws SQLException {
        bindFireTimes(ps, 1, triggers);
        ps.setArray(5, array(conn, "bigint", readFireTimes));
        ps.setString(6, waiting);
    }
}
