package org.guardian.orchestrator.scheduler.store;

import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate.TriggerPropertyBundle;
import org.quartz.impl.jdbcjobstore.Util;
import org.quartz.spi.OperableTrigger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.guardian.orchestrator.scheduler.store.SqlArrays.bindKeys;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.bindTriggerKeys;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.returnedKeys;
import static org.guardian.orchestrator.scheduler.store.SqlArrays.returnedStrings;
import static org.quartz.CronScheduleBuilder.cronSchedule;
import static org.quartz.JobKey.jobKey;
import static org.quartz.TriggerBuilder.newTrigger;

/**
 * Quartz's PostgreSQL delegate plus the set-based statements of {@link LivenessJobStore}'s
 * collaborators ({@link AcquisitionSql}, {@link FiringSql}, {@link MisfireSql}): due triggers are
 * row-locked {@code FOR UPDATE SKIP LOCKED}, and a batch is read, acquired and fired with one
 * statement each instead of five or six per trigger. Rows become triggers and jobs exactly as in
 * Quartz's {@code StdJDBCDelegate}; only the number of round trips changes, and what each trigger
 * read allocated ({@link ParsedCrons}, {@link JobDataProperties}).
 */
public class SkipLockedDelegate extends PostgreSQLDelegate {
    /** A due trigger, row-locked by this transaction, and what acquisition needs to know of its job. */
    public record DueTrigger(OperableTrigger trigger, boolean jobExists, boolean jobNonConcurrent) {
    }

    /**
     * A trigger being fired, already advanced ({@code triggered}): the fire time it fires for, its
     * previous fire time before this fire, and its job.
     */
    public record Firing(OperableTrigger trigger, long scheduledFireTime, Date previousFireTime, JobDetail job) {
    }

    private final ParsedCrons crons = new ParsedCrons();

    @Override
    public List<TriggerKey> selectTriggerToAcquire(Connection conn, long noLaterThan, long noEarlierThan, int maxCount)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(AcquisitionSql.DUE))) {
            AcquisitionSql.bindDue(ps, STATE_WAITING, noLaterThan, noEarlierThan, maxCount);
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
        try (PreparedStatement ps = conn.prepareStatement(rtp(TriggerReadSql.SELECT_TRIGGERS))) {
            bindTriggerKeys(ps, 1, keys);
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

    @Override
    public boolean hasMisfiredTriggersInState(Connection conn, String state, long ts, int count, List<TriggerKey> found)
            throws SQLException {
        return MisfireSql.misfired(conn, rtp(MisfireSql.MISFIRED), state, ts, count, found);
    }

    /** Quartz only compares it with 0, before taking the lock: 0 or 1, read from the fire-time index. */
    @Override
    public int countMisfiredTriggersInState(Connection conn, String state, long ts) throws SQLException {
        return hasMisfiredTriggersInState(conn, state, ts, 0, new ArrayList<>()) ? 1 : 0;
    }

    /**
     * Stores new fire times of triggers that misfired, each only if the trigger is still
     * {@code waiting} at the fire time it was read with (a node may have acquired or fired it since).
     *
     * @param readFireTimes per trigger, the next fire time it had when read
     * @return the triggers updated
     */
    public Set<TriggerKey> storeMisfiredFireTimes(Connection conn, List<OperableTrigger> triggers,
                                                  List<Long> readFireTimes, String waiting) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(MisfireSql.STORE_MISFIRED))) {
            MisfireSql.bindStoreMisfired(conn, ps, triggers, readFireTimes, waiting);
            return returnedKeys(ps);
        }
    }

    /**
     * Marks the triggers ACQUIRED (those still WAITING) and inserts their fired-trigger rows, as
     * Quartz's {@code updateTriggerStateFromOtherState} plus {@code insertFiredTrigger} would one by one.
     *
     * @param triggers each with the fire instance id of its fired-trigger row set
     * @return the fire instance ids of the triggers acquired
     */
    public Set<String> acquire(Connection conn, List<OperableTrigger> triggers, String acquired, String waiting)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(AcquisitionSql.ACQUIRE))) {
            AcquisitionSql.bindAcquire(conn, ps, triggers, instanceId, acquired, waiting);
            return Set.copyOf(returnedStrings(ps));
        }
    }

    /**
     * Row-locks those of the triggers still in state {@code acquired}, then reads their jobs. Waits
     * for the first trigger's row if another transaction holds it and skips the others' rows when
     * held, so that it never waits for a row while holding another.
     *
     * @return per trigger locked: its job, or the exception loading the job's class raised (absent
     *         when its job is gone)
     */
    public Map<TriggerKey, Object> lockAcquiredWithJobs(Connection conn, List<OperableTrigger> triggers,
                                                        String acquired) throws SQLException, IOException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(FiringSql.LOCK_TRIGGER))) {
            FiringSql.bindLockTrigger(ps, triggers.get(0));
            ps.executeQuery().close();
        }
        Set<TriggerKey> locked;
        try (PreparedStatement ps = conn.prepareStatement(rtp(FiringSql.LOCK_ACQUIRED))) {
            FiringSql.bindLockAcquired(conn, ps, triggers, acquired, instanceId);
            locked = returnedKeys(ps);
        }
        if (locked.isEmpty()) {
            return new HashMap<>();
        }
        Set<JobKey> jobKeys = triggers.stream().filter(trigger -> locked.contains(trigger.getKey()))
                .map(OperableTrigger::getJobKey).collect(Collectors.toSet());
        Map<JobKey, Object> byKey = selectJobs(conn, jobKeys);
        Map<TriggerKey, Object> jobs = new HashMap<>();
        for (OperableTrigger trigger : triggers) {
            Object job = locked.contains(trigger.getKey()) ? byKey.get(trigger.getJobKey()) : null;
            if (job != null) {
                jobs.put(trigger.getKey(), job);
            }
        }
        return jobs;
    }

    /** Jobs by key: each job, or the exception loading its class raised. */
    private Map<JobKey, Object> selectJobs(Connection conn, Set<JobKey> jobKeys) throws SQLException, IOException {
        Map<JobKey, Object> byKey = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(rtp(FiringSql.SELECT_JOBS))) {
            bindKeys(ps, 1, jobKeys.stream().map(JobKey::getName).toList(),
                    jobKeys.stream().map(JobKey::getGroup).toList());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JobKey key = jobKey(rs.getString(COL_JOB_NAME), rs.getString(COL_JOB_GROUP));
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
        return byKey;
    }

    /** Frees what the given nodes acquired for fire times before {@code firedBefore} and did not fire. */
    public Set<TriggerKey> releaseAcquired(Connection conn, List<String> nodes, long firedBefore, String acquired,
                                           String waiting) throws SQLException {
        return release(conn, AcquisitionSql.RELEASE_ACQUIRED, nodes, firedBefore, acquired, waiting);
    }

    /** Frees the given acquisitions (fire instance ids) that are still unfired, fire time before {@code firedBefore}. */
    public Set<TriggerKey> releaseEntries(Connection conn, List<String> entries, long firedBefore, String acquired,
                                          String waiting) throws SQLException {
        return release(conn, AcquisitionSql.RELEASE_ENTRIES, entries, firedBefore, acquired, waiting);
    }

    private Set<TriggerKey> release(Connection conn, String sql, List<String> chosen, long firedBefore, String acquired,
                                    String waiting) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(sql))) {
            AcquisitionSql.bindRelease(conn, ps, chosen, firedBefore, acquired, waiting);
            return returnedKeys(ps);
        }
    }

    /**
     * Marks the fired-trigger rows of a batch {@code executing} and stores each trigger's new fire
     * times with state {@code waiting} (Quartz's {@code updateFiredTrigger} and the trigger update of
     * {@code storeTrigger}, for the whole batch); returns the triggers whose row was updated.
     */
    public Set<TriggerKey> fire(Connection conn, List<Firing> firings, String executing, String waiting)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(FiringSql.FIRE))) {
            FiringSql.bindFire(conn, ps, firings, instanceId, executing, waiting);
            return returnedKeys(ps);
        }
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
        String cron = TTYPE_CRON.equals(type) ? rs.getString(COL_CRON_EXPRESSION) : null;
        TriggerPropertyBundle props = cron == null ? typeDelegate.loadExtendedTriggerPropertiesFromResultSet(rs, key)
                : new TriggerPropertyBundle(cronSchedule(crons.get(cron, rs.getString(COL_TIME_ZONE_ID))), null, null);
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
        return JobDataProperties.read(rs.getBytes(COL_JOB_DATAMAP));
    }
}
