package org.guardian.orchestrator.scheduler.store;

import org.quartz.spi.OperableTrigger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.guardian.orchestrator.scheduler.store.SqlArrays.array;

/**
 * The statements that acquire due triggers, and free acquisitions nobody will fire; {@code {0}} is
 * Quartz's table prefix and {@code {1}} its scheduler name.
 */
final class AcquisitionSql {
    /** The due triggers in Quartz's order, row-locked, skipping rows another node holds. */
    static final String DUE = "SELECT SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_STATE = ? AND NEXT_FIRE_TIME <= ?"
            + " AND (MISFIRE_INSTR = -1 OR (MISFIRE_INSTR <> -1 AND NEXT_FIRE_TIME >= ?))"
            + " ORDER BY NEXT_FIRE_TIME ASC, PRIORITY DESC LIMIT ? FOR UPDATE SKIP LOCKED";

    /** Marks WAITING triggers ACQUIRED and gives each its fired-trigger row, in one statement. */
    static final String ACQUIRE = "WITH A AS (UPDATE {0}TRIGGERS T SET TRIGGER_STATE = ?"
            + " FROM unnest(?::varchar[], ?::varchar[]) AS K(NAME, GRP)"
            + " WHERE T.SCHED_NAME = {1} AND T.TRIGGER_NAME = K.NAME AND T.TRIGGER_GROUP = K.GRP"
            + " AND T.TRIGGER_STATE = ? RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP)"
            + " INSERT INTO {0}FIRED_TRIGGERS (SCHED_NAME, ENTRY_ID, TRIGGER_NAME, TRIGGER_GROUP, INSTANCE_NAME,"
            + " FIRED_TIME, SCHED_TIME, STATE, JOB_NAME, JOB_GROUP, IS_NONCONCURRENT, REQUESTS_RECOVERY, PRIORITY)"
            + " SELECT {1}, U.ENTRY_ID, U.NAME, U.GRP, ?, ?, U.SCHED_TIME, ?, NULL, NULL, FALSE, FALSE, U.PRIORITY"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::int[])"
            + " AS U(ENTRY_ID, NAME, GRP, SCHED_TIME, PRIORITY)"
            + " JOIN A ON A.TRIGGER_NAME = U.NAME AND A.TRIGGER_GROUP = U.GRP RETURNING ENTRY_ID";

    /**
     * Frees the acquisitions chosen by {@code %s} that are still unfired for fire times before the
     * given time: their fired-trigger rows are deleted and their triggers are WAITING again. Skips
     * triggers whose row is locked (a node in the middle of firing or releasing them).
     */
    private static final String RELEASE = "WITH L AS (SELECT F.ENTRY_ID FROM {0}FIRED_TRIGGERS F"
            + " JOIN {0}TRIGGERS T ON T.SCHED_NAME = F.SCHED_NAME AND T.TRIGGER_NAME = F.TRIGGER_NAME"
            + " AND T.TRIGGER_GROUP = F.TRIGGER_GROUP"
            + " WHERE F.SCHED_NAME = {1} AND %s"
            + " AND F.STATE = ? AND F.SCHED_TIME < ? AND T.TRIGGER_STATE = ? FOR UPDATE OF T SKIP LOCKED),"
            + " D AS (DELETE FROM {0}FIRED_TRIGGERS F USING L WHERE F.SCHED_NAME = {1} AND F.ENTRY_ID = L.ENTRY_ID"
            + " RETURNING F.TRIGGER_NAME, F.TRIGGER_GROUP)"
            + " UPDATE {0}TRIGGERS T SET TRIGGER_STATE = ? FROM D WHERE T.SCHED_NAME = {1}"
            + " AND T.TRIGGER_NAME = D.TRIGGER_NAME AND T.TRIGGER_GROUP = D.TRIGGER_GROUP AND T.TRIGGER_STATE = ?"
            + " RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP";

    /** {@link #RELEASE} of whatever the given nodes acquired. */
    static final String RELEASE_ACQUIRED = RELEASE.formatted("F.INSTANCE_NAME = ANY(?::varchar[])");

    /** {@link #RELEASE} of the given acquisitions (fire instance ids). */
    static final String RELEASE_ENTRIES = RELEASE.formatted("F.ENTRY_ID = ANY(?::varchar[])");

    private AcquisitionSql() {
    }

    static void bindDue(PreparedStatement ps, String waiting, long noLaterThan, long noEarlierThan, int maxCount)
            throws SQLException {
        ps.setString(1, waiting);
        ps.setBigDecimal(2, BigDecimal.valueOf(noLaterThan));
        ps.setBigDecimal(3, BigDecimal.valueOf(noEarlierThan));
        ps.setInt(4, Math.max(1, maxCount));
    }

    /** Binds {@link #ACQUIRE} for triggers that each carry the fire instance id of their new fired-trigger row. */
    static void bindAcquire(Connection conn, PreparedStatement ps, List<OperableTrigger> triggers, String instanceId,
                            String acquired, String waiting) throws SQLException {
        int n = triggers.size();
        String[] names = new String[n];
        String[] groups = new String[n];
        String[] ids = new String[n];
        Long[] schedTimes = new Long[n];
        Integer[] priorities = new Integer[n];
        for (int i = 0; i < n; i++) {
            OperableTrigger trigger = triggers.get(i);
            names[i] = trigger.getKey().getName();
            groups[i] = trigger.getKey().getGroup();
            ids[i] = trigger.getFireInstanceId();
            schedTimes[i] = trigger.getNextFireTime().getTime();
            priorities[i] = trigger.getPriority();
        }
        ps.setString(1, acquired);
        ps.setArray(2, conn.createArrayOf("varchar", names));
        ps.setArray(3, conn.createArrayOf("varchar", groups));
        ps.setString(4, waiting);
        ps.setString(5, instanceId);
        ps.setBigDecimal(6, BigDecimal.valueOf(System.currentTimeMillis()));
        ps.setString(7, acquired);
        ps.setArray(8, conn.createArrayOf("varchar", ids));
        ps.setArray(9, conn.createArrayOf("varchar", names));
        ps.setArray(10, conn.createArrayOf("varchar", groups));
        ps.setArray(11, conn.createArrayOf("bigint", schedTimes));
        ps.setArray(12, conn.createArrayOf("integer", priorities));
    }

    /** Binds {@link #RELEASE_ACQUIRED} (nodes) or {@link #RELEASE_ENTRIES} (fire instance ids). */
    static void bindRelease(Connection conn, PreparedStatement ps, List<String> chosen, long firedBefore,
                            String acquired, String waiting) throws SQLException {
        ps.setArray(1, array(conn, "varchar", chosen));
        ps.setString(2, acquired);
        ps.setBigDecimal(3, BigDecimal.valueOf(firedBefore));
        ps.setString(4, acquired);
        ps.setString(5, waiting);
        ps.setString(6, acquired);
    }
}
