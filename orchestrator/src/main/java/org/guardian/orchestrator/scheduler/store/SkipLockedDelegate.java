package org.guardian.orchestrator.scheduler.store;

import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate.TriggerPropertyBundle;
import org.quartz.impl.jdbcjobstore.Util;
import org.quartz.spi.OperableTrigger;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.quartz.JobKey.jobKey;
import static org.quartz.TriggerBuilder.newTrigger;

/**
 * Quartz's PostgreSQL delegate, plus the set-based statements of {@link LivenessJobStore}'s
 * execution path: the triggers a node is about to acquire are row-locked with
 * {@code FOR UPDATE SKIP LOCKED} (nodes acquiring at the same moment split the due triggers between
 * them instead of queueing on Quartz's cluster-wide lock row), and a batch of triggers is read,
 * acquired and fired with one statement each instead of five or six per trigger.
 *
 * <p>Rows become triggers and jobs exactly as in Quartz's {@code StdJDBCDelegate} (the columns of
 * its bulk trigger query, {@code SELECT_BULK_TRIGGERS_BASE}, and the same builder calls); only the
 * number of round trips changes.
 */
public class SkipLockedDelegate extends PostgreSQLDelegate {
    private static final String DUE = "SELECT SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_STATE = ? AND NEXT_FIRE_TIME <= ?"
            + " AND (MISFIRE_INSTR = -1 OR (MISFIRE_INSTR <> -1 AND NEXT_FIRE_TIME >= ?))"
            + " ORDER BY NEXT_FIRE_TIME ASC, PRIORITY DESC LIMIT ? FOR UPDATE SKIP LOCKED";

    /**
     * One row by primary key per element of the unnested key arrays. {@code OFFSET 0} keeps each
     * such subquery a per-key index lookup: PostgreSQL would otherwise flatten it into a join whose
     * plan depends on table statistics, which Quartz's tables, with their churn, often lack (a bulk
     * read took 137 ms on a freshly created schema before this).
     */
    private static final String BY_KEY = " WHERE SCHED_NAME = {1} AND TRIGGER_NAME = K.NAME AND TRIGGER_GROUP = K.GRP"
            + " OFFSET 0";

    /**
     * Triggers by key, with their trigger-type rows and their job's concurrency flag. Read by a
     * statement after the one that locked them, so that it sees their latest committed rows: a
     * locking statement returns the latest version of the rows it locks but reads every other
     * column of its query (a join) from its snapshot, which another node's fire can have made stale.
     */
    private static final String SELECT_TRIGGERS = "SELECT J.IS_NONCONCURRENT AS JOB_NONCONCURRENT,"
            + " J.JOB_NAME IS NOT NULL AS JOB_EXISTS, T.*, QCT.CRON_EXPRESSION, QCT.TIME_ZONE_ID,"
            + " QST.REPEAT_COUNT, QST.REPEAT_INTERVAL, QST.TIMES_TRIGGERED, QSP.STR_PROP_1, QSP.STR_PROP_2,"
            + " QSP.STR_PROP_3, QSP.INT_PROP_1, QSP.INT_PROP_2, QSP.LONG_PROP_1, QSP.LONG_PROP_2, QSP.DEC_PROP_1,"
            + " QSP.DEC_PROP_2, QSP.BOOL_PROP_1, QSP.BOOL_PROP_2"
            + " FROM unnest(?::varchar[], ?::varchar[]) AS K(NAME, GRP)"
            + " CROSS JOIN LATERAL (SELECT * FROM {0}TRIGGERS" + BY_KEY + ") T"
            + " LEFT JOIN LATERAL (SELECT * FROM {0}CRON_TRIGGERS" + BY_KEY + ") QCT ON TRUE"
            + " LEFT JOIN LATERAL (SELECT * FROM {0}SIMPLE_TRIGGERS" + BY_KEY + ") QST ON TRUE"
            + " LEFT JOIN LATERAL (SELECT * FROM {0}SIMPROP_TRIGGERS" + BY_KEY + ") QSP ON TRUE"
            + " LEFT JOIN LATERAL (SELECT JOB_NAME, IS_NONCONCURRENT FROM {0}JOB_DETAILS WHERE SCHED_NAME = {1}"
            + " AND JOB_NAME = T.JOB_NAME AND JOB_GROUP = T.JOB_GROUP OFFSET 0) J ON TRUE"
            + " ORDER BY T.NEXT_FIRE_TIME ASC, T.PRIORITY DESC";

    /** Marks WAITING triggers ACQUIRED and gives each its fired-trigger row, in one statement. */
    private static final String ACQUIRE = "WITH A AS (UPDATE {0}TRIGGERS T SET TRIGGER_STATE = ?"
            + " FROM unnest(?::varchar[], ?::varchar[]) AS K(NAME, GRP)"
            + " WHERE T.SCHED_NAME = {1} AND T.TRIGGER_NAME = K.NAME AND T.TRIGGER_GROUP = K.GRP"
            + " AND T.TRIGGER_STATE = ? RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP)"
            + " INSERT INTO {0}FIRED_TRIGGERS (SCHED_NAME, ENTRY_ID, TRIGGER_NAME, TRIGGER_GROUP, INSTANCE_NAME,"
            + " FIRED_TIME, SCHED_TIME, STATE, JOB_NAME, JOB_GROUP, IS_NONCONCURRENT, REQUESTS_RECOVERY, PRIORITY)"
            + " SELECT {1}, U.ENTRY_ID, U.NAME, U.GRP, ?, ?, U.SCHED_TIME, ?, NULL, NULL, FALSE, FALSE, U.PRIORITY"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::int[])"
            + " AS U(ENTRY_ID, NAME, GRP, SCHED_TIME, PRIORITY)"
            + " JOIN A ON A.TRIGGER_NAME = U.NAME AND A.TRIGGER_GROUP = U.GRP RETURNING ENTRY_ID";

    /** Locks one trigger row, waiting for it if another transaction holds it. */
    private static final String LOCK_TRIGGER = "SELECT 1 FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ? FOR UPDATE";

    /**
     * Locks the triggers of a batch that are still ACQUIRED by this node (their fired-trigger row of
     * this acquisition still exists: a peer may have freed the acquisition of a stalled node), skipping
     * rows another transaction holds.
     */
    private static final String LOCK_ACQUIRED = "SELECT T.TRIGGER_NAME, T.TRIGGER_GROUP"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS K(NAME, GRP, ENTRY)"
            + " CROSS JOIN LATERAL (SELECT TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_NAME = K.NAME AND TRIGGER_GROUP = K.GRP AND TRIGGER_STATE = ?"
            + " AND EXISTS (SELECT 1 FROM {0}FIRED_TRIGGERS F WHERE F.SCHED_NAME = {1} AND F.ENTRY_ID = K.ENTRY"
            + " AND F.INSTANCE_NAME = ?) FOR UPDATE SKIP LOCKED) T";

    /**
     * Frees the triggers that stalled nodes acquired and did not fire by the given time: their
     * fired-trigger rows are deleted and they are WAITING again. Skips triggers whose row is locked
     * (a stalled node in the middle of firing them: its fence frees those).
     */
    private static final String RELEASE_STALLED = "WITH L AS (SELECT F.ENTRY_ID FROM {0}FIRED_TRIGGERS F"
            + " JOIN {0}TRIGGERS T ON T.SCHED_NAME = F.SCHED_NAME AND T.TRIGGER_NAME = F.TRIGGER_NAME"
            + " AND T.TRIGGER_GROUP = F.TRIGGER_GROUP"
            + " WHERE F.SCHED_NAME = {1} AND F.INSTANCE_NAME = ANY(?::varchar[]) AND F.STATE = ? AND F.SCHED_TIME < ?"
            + " AND T.TRIGGER_STATE = ? FOR UPDATE OF T SKIP LOCKED),"
            + " D AS (DELETE FROM {0}FIRED_TRIGGERS F USING L WHERE F.SCHED_NAME = {1} AND F.ENTRY_ID = L.ENTRY_ID"
            + " RETURNING F.TRIGGER_NAME, F.TRIGGER_GROUP)"
            + " UPDATE {0}TRIGGERS T SET TRIGGER_STATE = ? FROM D WHERE T.SCHED_NAME = {1}"
            + " AND T.TRIGGER_NAME = D.TRIGGER_NAME AND T.TRIGGER_GROUP = D.TRIGGER_GROUP AND T.TRIGGER_STATE = ?"
            + " RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP";

    /** Jobs by key (read after their triggers were locked, see {@link #SELECT_TRIGGERS}). */
    private static final String SELECT_JOBS = "SELECT J.* FROM unnest(?::varchar[], ?::varchar[]) AS K(NAME, GRP)"
            + " CROSS JOIN LATERAL (SELECT * FROM {0}JOB_DETAILS"
            + " WHERE SCHED_NAME = {1} AND JOB_NAME = K.NAME AND JOB_GROUP = K.GRP OFFSET 0) J";

    /** Marks a batch's fired-trigger rows EXECUTING and stores its triggers' new fire times, in one statement. */
    private static final String FIRE = "WITH F AS (UPDATE {0}FIRED_TRIGGERS F SET INSTANCE_NAME = ?, FIRED_TIME = ?,"
            + " SCHED_TIME = U.SCHED_TIME, STATE = ?, JOB_NAME = U.JOB_NAME, JOB_GROUP = U.JOB_GROUP,"
            + " IS_NONCONCURRENT = FALSE, REQUESTS_RECOVERY = U.RECOVERY"
            + " FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::bool[])"
            + " AS U(ENTRY_ID, SCHED_TIME, JOB_NAME, JOB_GROUP, RECOVERY)"
            + " WHERE F.SCHED_NAME = {1} AND F.ENTRY_ID = U.ENTRY_ID RETURNING 1)"
            + " UPDATE {0}TRIGGERS T SET NEXT_FIRE_TIME = V.NEXT_FIRE, PREV_FIRE_TIME = V.PREV_FIRE, TRIGGER_STATE = ?"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[]) AS V(NAME, GRP, NEXT_FIRE, PREV_FIRE)"
            + " WHERE T.SCHED_NAME = {1} AND T.TRIGGER_NAME = V.NAME AND T.TRIGGER_GROUP = V.GRP"
            + " RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP";

    /** New fire times of misfired triggers, compare-and-set on state and the fire time they were read with. */
    private static final String STORE_MISFIRED = "UPDATE {0}TRIGGERS T SET NEXT_FIRE_TIME = V.NEXT_FIRE,"
            + " PREV_FIRE_TIME = V.PREV_FIRE"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[])"
            + " AS V(NAME, GRP, NEXT_FIRE, PREV_FIRE, READ_FIRE)"
            + " WHERE T.SCHED_NAME = {1} AND T.TRIGGER_NAME = V.NAME AND T.TRIGGER_GROUP = V.GRP"
            + " AND T.TRIGGER_STATE = ? AND T.NEXT_FIRE_TIME = V.READ_FIRE"
            + " RETURNING T.TRIGGER_NAME, T.TRIGGER_GROUP";

    /** A due trigger, row-locked by this transaction, and what acquisition needs to know of its job. */
    public record DueTrigger(OperableTrigger trigger, boolean jobExists, boolean jobNonConcurrent) {
    }

    /**
     * A trigger being fired, already advanced ({@code triggered}): the fire time it fires for, its
     * previous fire time before this fire, and its job.
     */
    public record Firing(OperableTrigger trigger, long scheduledFireTime, Date previousFireTime, JobDetail job) {
    }

    @Override
    public List<TriggerKey> selectTriggerToAcquire(Connection conn, long noLaterThan, long noEarlierThan, int maxCount)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(DUE))) {
            bindDue(ps, noLaterThan, noEarlierThan, maxCount);
            List<TriggerKey> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(TriggerKey.triggerKey(rs.getString(COL_TRIGGER_NAME), rs.getString(COL_TRIGGER_GROUP)));
                }
            }
            return keys;
        }
    }

    /**
     * The due triggers, in Quartz's order, each row-locked until the transaction ends: one
     * statement locks them, a second reads them.
     */
    public List<DueTrigger> selectDueTriggers(Connection conn, long noLaterThan, long noEarlierThan, int maxCount)
            throws SQLException, IOException, ClassNotFoundException, JobPersistenceException {
        return selectTriggers(conn, selectTriggerToAcquire(conn, noLaterThan, noEarlierThan, maxCount));
    }

    /** Triggers by key (those still stored), in fire-time and priority order, with their job's flags. */
    public List<DueTrigger> selectTriggers(Connection conn, List<TriggerKey> keys)
            throws SQLException, IOException, ClassNotFoundException, JobPersistenceException {
        List<DueTrigger> found = new ArrayList<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = conn.prepareStatement(rtp(SELECT_TRIGGERS))) {
            bindKeys(ps, 1, keys.stream().map(TriggerKey::getName).toList(),
                    keys.stream().map(TriggerKey::getGroup).toList());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OperableTrigger trigger = trigger(conn, rs);
                    if (trigger != null) {
                        found.add(new DueTrigger(trigger, rs.getBoolean("JOB_EXISTS"),
                                rs.getBoolean("JOB_NONCONCURRENT")));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Stores new fire times of triggers that misfired, each only if the trigger is still
     * {@code waiting} at the fire time it was read with (a compare-and-set: a node may have
     * acquired or fired it since).
     *
     * @param readFireTimes per trigger, the next fire time it had when read
     * @return the triggers updated
     */
    public Set<TriggerKey> storeMisfiredFireTimes(Connection conn, List<OperableTrigger> triggers,
                                                  List<Long> readFireTimes, String waiting) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(STORE_MISFIRED))) {
            bindFireTimes(ps, 1, triggers);
            ps.setArray(5, array(conn, "bigint", readFireTimes));
            ps.setString(6, waiting);
            return returnedKeys(ps);
        }
    }

    /**
     * Marks the triggers ACQUIRED (those still WAITING) and inserts their fired-trigger rows, as
     * Quartz's {@code updateTriggerStateFromOtherState} plus {@code insertFiredTrigger} would one
     * by one.
     *
     * @param triggers each with the fire instance id of its fired-trigger row set
     * @return the fire instance ids of the triggers acquired
     */
    public Set<String> acquire(Connection conn, List<OperableTrigger> triggers, String acquired, String waiting)
            throws SQLException {
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
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = conn.prepareStatement(rtp(ACQUIRE))) {
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
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return inserted;
    }

    /**
     * Row-locks those of the triggers still in state {@code acquired}, then reads their jobs. Waits
     * for the first trigger's row if another transaction holds it and skips the others' rows when
     * held, so that it never waits for a row while holding another (no deadlock with a change that
     * locks several triggers).
     *
     * @return per trigger locked: its job, or the exception loading the job's class raised (absent
     *         when its job is gone)
     */
    public Map<TriggerKey, Object> lockAcquiredWithJobs(Connection conn, List<OperableTrigger> triggers,
                                                        String acquired) throws SQLException, IOException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(LOCK_TRIGGER))) {
            ps.setString(1, triggers.get(0).getKey().getName());
            ps.setString(2, triggers.get(0).getKey().getGroup());
            ps.executeQuery().close();
        }
        Set<TriggerKey> locked;
        try (PreparedStatement ps = conn.prepareStatement(rtp(LOCK_ACQUIRED))) {
            bindKeys(ps, 1, triggers.stream().map(t -> t.getKey().getName()).toList(),
                    triggers.stream().map(t -> t.getKey().getGroup()).toList());
            ps.setArray(3, array(conn, "varchar", triggers.stream().map(OperableTrigger::getFireInstanceId).toList()));
            ps.setString(4, acquired);
            ps.setString(5, instanceId);
            locked = returnedKeys(ps);
        }
        Map<TriggerKey, Object> jobs = new HashMap<>();
        if (locked.isEmpty()) {
            return jobs;
        }
        Set<org.quartz.JobKey> jobKeys = new HashSet<>();
        for (OperableTrigger trigger : triggers) {
            if (locked.contains(trigger.getKey())) {
                jobKeys.add(trigger.getJobKey());
            }
        }
        Map<org.quartz.JobKey, Object> byKey = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(rtp(SELECT_JOBS))) {
            bindKeys(ps, 1, jobKeys.stream().map(org.quartz.JobKey::getName).toList(),
                    jobKeys.stream().map(org.quartz.JobKey::getGroup).toList());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    org.quartz.JobKey key = jobKey(rs.getString(COL_JOB_NAME), rs.getString(COL_JOB_GROUP));
                    Object job;
                    try {
                        job = job(rs);
                    } catch (ClassNotFoundException | RuntimeException e) {
                        job = e;
                    }
                    byKey.put(key, job);
                }
            }
        }
        for (OperableTrigger trigger : triggers) {
            Object job = locked.contains(trigger.getKey()) ? byKey.get(trigger.getJobKey()) : null;
            if (job != null) {
                jobs.put(trigger.getKey(), job);
            }
        }
        return jobs;
    }

    /**
     * Frees what the given nodes acquired for fire times before {@code firedBefore} and did not fire.
     *
     * @return the triggers freed
     */
    public Set<TriggerKey> releaseStalled(Connection conn, List<String> nodes, long firedBefore, String acquired,
                                          String waiting) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(RELEASE_STALLED))) {
            ps.setArray(1, array(conn, "varchar", nodes));
            ps.setString(2, acquired);
            ps.setBigDecimal(3, BigDecimal.valueOf(firedBefore));
            ps.setString(4, acquired);
            ps.setString(5, waiting);
            ps.setString(6, acquired);
            return returnedKeys(ps);
        }
    }

    /**
     * Marks the fired-trigger rows of a batch {@code executing} and stores each trigger's new fire
     * times with state {@code waiting}: Quartz's {@code updateFiredTrigger} plus the trigger update
     * of {@code storeTrigger}, for the whole batch.
     *
     * @return the triggers whose row was updated
     */
    public Set<TriggerKey> fire(Connection conn, List<Firing> firings, String executing, String waiting)
            throws SQLException {
        int n = firings.size();
        String[] ids = new String[n];
        Long[] schedTimes = new Long[n];
        String[] jobNames = new String[n];
        String[] jobGroups = new String[n];
        Boolean[] recovery = new Boolean[n];
        List<OperableTrigger> advanced = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Firing firing = firings.get(i);
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
        try (PreparedStatement ps = conn.prepareStatement(rtp(FIRE))) {
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
            return returnedKeys(ps);
        }
    }

    /** The trigger keys a statement returns as its first two columns. */
    private static Set<TriggerKey> returnedKeys(PreparedStatement ps) throws SQLException {
        Set<TriggerKey> keys = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(TriggerKey.triggerKey(rs.getString(1), rs.getString(2)));
            }
        }
        return keys;
    }

    /**
     * Binds four arrays from {@code first} on: the triggers' names, groups, next fire times and
     * previous fire times (-1 for none, as Quartz stores it).
     */
    private static void bindFireTimes(PreparedStatement ps, int first, List<OperableTrigger> triggers)
            throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<Long> next = new ArrayList<>();
        List<Long> prev = new ArrayList<>();
        for (OperableTrigger trigger : triggers) {
            names.add(trigger.getKey().getName());
            groups.add(trigger.getKey().getGroup());
            next.add(trigger.getNextFireTime().getTime());
            prev.add(trigger.getPreviousFireTime() == null ? -1L : trigger.getPreviousFireTime().getTime());
        }
        bindKeys(ps, first, names, groups);
        ps.setArray(first + 2, array(ps.getConnection(), "bigint", next));
        ps.setArray(first + 3, array(ps.getConnection(), "bigint", prev));
    }

    private static void bindKeys(PreparedStatement ps, int first, List<String> names, List<String> groups)
            throws SQLException {
        ps.setArray(first, array(ps.getConnection(), "varchar", names));
        ps.setArray(first + 1, array(ps.getConnection(), "varchar", groups));
    }

    private void bindDue(PreparedStatement ps, long noLaterThan, long noEarlierThan, int maxCount) throws SQLException {
        ps.setString(1, STATE_WAITING);
        ps.setBigDecimal(2, BigDecimal.valueOf(noLaterThan));
        ps.setBigDecimal(3, BigDecimal.valueOf(noEarlierThan));
        ps.setInt(4, Math.max(1, maxCount));
    }

    private static Array array(Connection conn, String type, List<?> values) throws SQLException {
        return conn.createArrayOf(type, values.toArray());
    }

    /** A trigger from a row of the bulk trigger query, as Quartz's {@code handleTriggerV2} builds it. */
    private OperableTrigger trigger(Connection conn, ResultSet rs)
            throws SQLException, IOException, ClassNotFoundException, JobPersistenceException {
        TriggerKey key = TriggerKey.triggerKey(rs.getString(COL_TRIGGER_NAME), rs.getString(COL_TRIGGER_GROUP));
        String type = rs.getString(COL_TRIGGER_TYPE);
        TriggerPersistenceDelegate typeDelegate = TTYPE_BLOB.equals(type) ? null : findTriggerPersistenceDelegate(type);
        if (typeDelegate == null || !typeDelegate.hasInlinedResultSetProperties()) {
            return selectTrigger(conn, key); // blob or custom trigger types: Quartz's own per-trigger read
        }
        long nextFireTime = rs.getLong(COL_NEXT_FIRE_TIME);
        long prevFireTime = rs.getLong(COL_PREV_FIRE_TIME);
        long endTime = rs.getLong(COL_END_TIME);
        Map<?, ?> map = jobData(rs);
        TriggerPropertyBundle props = typeDelegate.loadExtendedTriggerPropertiesFromResultSet(rs, key);
        var builder = newTrigger()
                .withDescription(rs.getString(COL_DESCRIPTION))
                .withPriority(rs.getInt(COL_PRIORITY))
                .startAt(new Date(rs.getLong(COL_START_TIME)))
                .endAt(endTime > 0 ? new Date(endTime) : null)
                .withIdentity(key)
                .modifiedByCalendar(rs.getString(COL_CALENDAR_NAME))
                .withSchedule(props.getScheduleBuilder())
                .forJob(jobKey(rs.getString(COL_JOB_NAME), rs.getString(COL_JOB_GROUP)));
        if (map != null) {
            builder.usingJobData(new JobDataMap(map));
        }
        OperableTrigger trigger = (OperableTrigger) builder.build();
        trigger.setMisfireInstruction(rs.getInt(COL_MISFIRE_INSTRUCTION));
        trigger.setNextFireTime(nextFireTime > 0 ? new Date(nextFireTime) : null);
        trigger.setPreviousFireTime(prevFireTime > 0 ? new Date(prevFireTime) : null);
        if (props.getStatePropertyNames() != null) {
            Util.setBeanProps(trigger, props.getStatePropertyNames(), props.getStatePropertyValues());
        }
        return trigger;
    }

    /** A job from a row with the job-details columns, as Quartz's {@code handleJobDetails} builds it. */
    private JobDetail job(ResultSet rs) throws SQLException, IOException, ClassNotFoundException {
        JobDetailImpl job = new JobDetailImpl();
        job.setName(rs.getString(COL_JOB_NAME));
        job.setGroup(rs.getString(COL_JOB_GROUP));
        job.setDescription(rs.getString(COL_DESCRIPTION));
        job.setDurability(rs.getBoolean(COL_IS_DURABLE));
        job.setJobClass(classLoadHelper.loadClass(rs.getString(COL_JOB_CLASS), Job.class));
        job.setRequestsRecovery(rs.getBoolean(COL_REQUESTS_RECOVERY));
        Map<?, ?> map = jobData(rs);
        if (map != null) {
            job.setJobDataMap(new JobDataMap(map));
        }
        return job;
    }

    private Map<?, ?> jobData(ResultSet rs) throws SQLException, IOException, ClassNotFoundException {
        if (!canUseProperties()) {
            return (Map<?, ?>) getObjectFromBlob(rs, COL_JOB_DATAMAP);
        }
        try (InputStream in = (InputStream) getJobDataFromBlob(rs, COL_JOB_DATAMAP)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return convertFromProperty(properties);
        }
    }
}
