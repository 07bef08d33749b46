package org.guardian.orchestrator.scheduler.store;

import org.quartz.spi.OperableTrigger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.guardian.orchestrator.scheduler.store.SqlArrays.array;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.bindFireTimes;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.bindKeys;

/** The statements that fire a batch of acquired triggers; {@code {0}} is Quartz's table prefix, {@code {1}} its scheduler name. */
final class FiringSql {
    /** Locks one trigger row, waiting for it if another transaction holds it. */
    static final String LOCK_TRIGGER = "SELECT 1 FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ? FOR UPDATE";

    /**
     * Locks the triggers of a batch still ACQUIRED by this node (the fired-trigger row of this
     * acquisition still exists: a peer may have freed a stalled node's acquisition), skipping rows
     * another transaction holds.
     */
    static final String LOCK_ACQUIRED = "SELECT T.TRIGGER_NAME, T.TRIGGER_GROUP"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS K(NAME, GRP, ENTRY)"
            + " CROSS JOIN LATERAL (SELECT TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_NAME = K.NAME AND TRIGGER_GROUP = K.GRP AND TRIGGER_STATE = ?"
            + " AND EXISTS (SELECT 1 FROM {0}FIRED_TRIGGERS F WHERE F.SCHED_NAME = {1} AND F.ENTRY_ID = K.ENTRY"
            + " AND F.INSTANCE_NAME = ?) FOR UPDATE SKIP LOCKED) T";

    /** Jobs by key, read after their triggers were locked (see {@link TriggerReadSql#SELECT_TRIGGERS}). */
    static final String SELECT_JOBS = "SELECT J.* FROM unnest(?::varchar[], ?::varchar[]) AS K(NAME, GRP)"
            + " CROSS JOIN LATERAL (SELECT * FROM {0}JOB_DETAILS"
            + " WHERE SCHED_NAME = {1} AND JOB_NAME = K.NAME AND JOB_GROUP = K.GRP OFFSET 0) J";

    /** Marks a batch's fired-trigger rows EXECUTING and stores its triggers' new fire times, in one statement. */
    static final String FIRE = "WITH F AS (UPDATE {0}FIRED_TRIGGERS F SET INSTANCE_NAME = ?, FIRED_TIME = ?,"
            + " SCHED_TIME = U.SCHED_TIME, STATE = ?, JOB_NAME = U.JOB_NAME, JOB_GROUP = U.JOB_GROUP,"
            + " IS_NONCONCURRENT = FALSE, REQUESTS_RECOVERY = U.RECOVERY"
            + " FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::bool[])"
            + " AS U(ENTRY_ID, SCHED_TIME, JOB_NAME, JOB_GROUP, RECOVERY)"
            + " WHERE F.SCHED_NAME = {1} AND F.ENTRY_ID = U.ENTRY_ID RETURNING 1)"
            + " UPDATE {0}TRIGGERS T SET NEXT_FIRE_TIME = V.NEXT_FIRE, PREV_FIRE_TIME = V.PREV_FIRE, TRIGGER_STATE = ?"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[]) AS V(NAME, GRP, NEXT_FIRE, PREV_FIRE)"
            + " WHERE T.SCHED_NAME = {1} AND T.TRIGGER_NAME = V.NAME AND T.TRIGGER_GROUP = V.GRP"
            + " RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP";

    private FiringSql() {
    }

    static void bindLockTrigger(PreparedStatement ps, OperableTrigger first) throws SQLException {
        ps.setString(1, first.getKey().getName());
        ps.setString(2, first.getKey().getGroup());
    }

    static void bindLockAcquired(Connection conn, PreparedStatement ps, List<OperableTrigger> triggers,
                                 String acquired, String instanceId) throws SQLException {
        bindKeys(ps, 1, triggers.stream().map(t -> t.getKey().getName()).toList(),
                triggers.stream().map(t -> t.getKey().getGroup()).toList());
        ps.setArray(3, array(conn, "varchar", triggers.stream().map(OperableTrigger::getFireInstanceId).toList()));
        ps.setString(4, acquired);
        ps.setString(5, instanceId);
    }

    static void bindFire(Connection conn, PreparedStatement ps, List<SkipLockedDelegate.Firing> firings,
                         String instanceId, String executing, String waiting) throws SQLException {
        int n = firings.size();
        String[] ids = new String[n];
        Long[] schedTimes = new Long[n];
        String[] jobNames = new String[n];
        String[] jobGroups = new String[n];
        Boolean[] recovery = new Boolean[n];
        List<OperableTrigger> advanced = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SkipLockedDelegate.Firing firing = firings.get(i);
            OperableTrigger trigger = firing.trigger();
            ids[i] = trigger.getFireInstanceId();
            schedTimes[i] = firing.scheduledFireTime();
            jobNames[i] = trigger.getJobKey().getName();
            jobGroups[i] = trigger.getJobKey().getGroup();
            recovery[i] = firing.job().requestsRecovery();
            if (trigger.getNextFireTime() != null) {
                advanced.add(trigger);
            }
        }
        ps.setString(1, instanceId);
        ps.setBigDecimal(2, BigDecimal.valueOf(System.currentTimeMillis()));
        ps.setString(3, executing);
        ps.setArray(4, conn.createArrayOf("varchar", ids));
        ps.setArray(5, conn.createArrayOf("bigint", schedTimes));
        ps.setArray(6, conn.createArrayOf("varchar", jobNames));
        ps.setArray(7, conn.createArrayOf("varchar", jobGroups));
        ps.setArray(8, conn.createArrayOf("bool", recovery));
        ps.setString(9, waiting);
        bindFireTimes(ps, 10, advanced);
    }
}
