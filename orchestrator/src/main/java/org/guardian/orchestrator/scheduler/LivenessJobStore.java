package org.guardian.orchestrator.scheduler;

import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.quartz.Trigger;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Quartz's clustered JDBC store with fast and exact failure detection.
 *
 * <p>Stock Quartz declares a node dead when its last check-in is older than the check-in
 * interval plus a fixed 7.5 s grace: slow to fail over, and wrong when a live node's check-in
 * stalls (it then runs the live node's jobs a second time). Here each node also holds a
 * PostgreSQL advisory lock on its own session ({@link NodeLiveness}). A peer is dead only when
 * its lock is free <em>and</em> its check-in is older than one interval plus {@link #DEAD_GRACE};
 * a peer whose lock is held is alive however late its check-in. Right after a database restart
 * (every lock freed at once, every check-in late) nobody is declared dead until the live nodes had
 * time to take their locks again (three check-in intervals plus 7.5 s); a node that died during
 * the outage is recovered after that.
 *
 * <p>And without the cluster-wide lock on the path every execution takes. Stock Quartz holds its
 * {@code TRIGGER_ACCESS} lock row while it acquires due triggers, while it fires them and while it
 * completes them, so a cluster runs one of those transactions at a time whatever its size. Here
 * acquisition row-locks the due triggers with {@code FOR UPDATE SKIP LOCKED}
 * ({@link SkipLockedDelegate}) and firing row-locks each trigger it fires; a trigger is still
 * changed by one transaction at a time, which is what the global lock was for on this path.
 * Everything else (pause, schedule changes, misfire handling, recovery) keeps the global lock, and
 * its row updates queue behind (or ahead of) these row locks, so each interleaving is one that
 * stock Quartz allows too.
 */
public class LivenessJobStore extends JobStoreTX {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessJobStore.class);
    static final long DEAD_GRACE_MS = 500;
    private static final long STOCK_GRACE_MS = 7_500;

    private String livenessUrl;
    private String livenessUser;
    private String livenessPassword;
    private NodeLiveness liveness;
    private String lockTriggerRow;
    private String updateFireTimes;
    private volatile NodeLiveness.Snapshot snapshot;

    public void setLivenessUrl(String livenessUrl) {
        this.livenessUrl = livenessUrl;
    }

    public void setLivenessUser(String livenessUser) {
        this.livenessUser = livenessUser;
    }

    public void setLivenessPassword(String livenessPassword) {
        this.livenessPassword = livenessPassword;
    }

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        super.initialize(loadHelper, signaler);
        String triggerRow = " WHERE SCHED_NAME = ? AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ?";
        lockTriggerRow = "SELECT 1 FROM " + getTablePrefix() + "TRIGGERS" + triggerRow + " FOR UPDATE";
        updateFireTimes = "UPDATE " + getTablePrefix() + "TRIGGERS SET NEXT_FIRE_TIME = ?, PREV_FIRE_TIME = ?,"
                + " TRIGGER_STATE = ?" + triggerRow;
        liveness = new NodeLiveness(livenessUrl, livenessUser, livenessPassword == null ? "" : livenessPassword,
                getInstanceId());
        try {
            liveness.ensureHeld();
        } catch (SQLException e) {
            throw new SchedulerConfigException("Cannot take the liveness lock of node " + getInstanceId(), e);
        }
    }

    @Override
    public void shutdown() {
        super.shutdown();
        if (liveness != null) {
            liveness.close();
        }
    }

    /**
     * Completing a fire that changes no trigger state (a cron trigger that fires again, of a job
     * that neither blocks its other triggers nor stores job data) only deletes this fire's own
     * {@code qrtz_fired_triggers} row: do that without the cluster-wide {@code TRIGGER_ACCESS} row
     * lock that stock Quartz takes for every completion, the main cost of a clustered execution.
     * Every other completion goes through Quartz unchanged.
     */
    @Override
    public void triggeredJobComplete(OperableTrigger trigger, JobDetail jobDetail,
                                     Trigger.CompletedExecutionInstruction instruction) {
        boolean onlyDeletesItsFiredRow = instruction == Trigger.CompletedExecutionInstruction.NOOP
                && !jobDetail.isConcurrentExecutionDisallowed() && !jobDetail.isPersistJobDataAfterExecution();
        if (!onlyDeletesItsFiredRow) {
            super.triggeredJobComplete(trigger, jobDetail, instruction);
            return;
        }
        retryExecuteInNonManagedTXLock(null, conn -> {
            try {
                getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId());
            } catch (SQLException e) {
                throw new JobPersistenceException("Couldn't delete fired trigger: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Acquisition without the global lock: the due triggers are read and row-locked in one
     * statement (skipping rows another node has locked), then each is re-read, marked ACQUIRED
     * (still a compare-and-set from WAITING) and given its fired-trigger row, all before this
     * transaction releases the row locks. Same validation as Quartz when the commit fails.
     */
    @Override
    public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        return executeInNonManagedTXLock(null, conn -> acquireNextTrigger(conn, noLaterThan, maxCount, timeWindow),
                (conn, result) -> {
                    try {
                        Set<String> recorded = new HashSet<>();
                        for (FiredTriggerRecord fired : getDelegate().selectInstancesFiredTriggerRecords(conn,
                                getInstanceId())) {
                            recorded.add(fired.getFireInstanceId());
                        }
                        return result.stream().anyMatch(t -> recorded.contains(t.getFireInstanceId()));
                    } catch (SQLException e) {
                        throw new JobPersistenceException("error validating trigger acquisition", e);
                    }
                });
    }

    /**
     * Firing without the global lock: each trigger's row is locked before Quartz checks that it is
     * still ACQUIRED by this node, computes its next fire time and stores it, so a concurrent pause,
     * change or removal of that trigger happens wholly before or wholly after this fire.
     *
     * <p>Never waits for a row while holding another, so it cannot deadlock with a change that
     * locks several triggers (a pause of a job with two triggers, a global pause): the first
     * trigger of the batch waits for its lock, the others are skipped when locked, which Quartz
     * treats like a trigger paused meanwhile (released, acquired again at once if still due).
     */
    @Override
    public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers) throws JobPersistenceException {
        return executeInNonManagedTXLock(null, conn -> {
            List<TriggerFiredResult> results = new ArrayList<>();
            try (PreparedStatement waitFor = conn.prepareStatement(lockTriggerRow);
                 PreparedStatement ifFree = conn.prepareStatement(lockTriggerRow + " SKIP LOCKED")) {
                for (OperableTrigger trigger : triggers) {
                    TriggerFiredResult result;
                    try {
                        PreparedStatement lock = results.isEmpty() ? waitFor : ifFree;
                        lock.setString(1, getInstanceName());
                        lock.setString(2, trigger.getKey().getName());
                        lock.setString(3, trigger.getKey().getGroup());
                        boolean locked;
                        try (ResultSet row = lock.executeQuery()) {
                            locked = row.next();
                        }
                        result = new TriggerFiredResult(locked || lock == waitFor ? triggerFired(conn, trigger) : null);
                    } catch (JobPersistenceException | RuntimeException e) {
                        result = new TriggerFiredResult(e);
                    }
                    results.add(result);
                }
            } catch (SQLException e) {
                throw new JobPersistenceException("Couldn't lock fired triggers: " + e.getMessage(), e);
            }
            return results;
        }, (conn, result) -> {
            try {
                Set<String> executing = new HashSet<>();
                for (FiredTriggerRecord fired : getDelegate().selectInstancesFiredTriggerRecords(conn, getInstanceId())) {
                    if (STATE_EXECUTING.equals(fired.getFireInstanceState())) {
                        executing.add(fired.getFireInstanceId());
                    }
                }
                return result.stream().anyMatch(r -> r.getTriggerFiredBundle() != null
                        && executing.contains(r.getTriggerFiredBundle().getTrigger().getFireInstanceId()));
            } catch (SQLException e) {
                throw new JobPersistenceException("error validating trigger firing", e);
            }
        });
    }

    /**
     * Quartz's {@code triggerFired} for the common case, a cron trigger without calendar of a job
     * that neither blocks its other triggers nor stores job data: the same checks, but the trigger's
     * new fire times and state are written with one narrow UPDATE instead of an existence check plus
     * a rewrite of the whole trigger row and of its cron row. That is safe because the row is locked
     * ({@link #triggersFired}) and still ACQUIRED, so nobody changed it since this node acquired it
     * (every change of a trigger through Quartz resets that state). Anything else goes to Quartz.
     */
    @Override
    protected TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        if (!(trigger instanceof CronTrigger) || trigger.getCalendarName() != null) {
            return super.triggerFired(conn, trigger);
        }
        JobDetail job;
        try {
            if (!STATE_ACQUIRED.equals(getDelegate().selectTriggerState(conn, trigger.getKey()))) {
                return null;
            }
            job = retrieveJob(conn, trigger.getJobKey());
            if (job == null) {
                return null;
            }
            if (job.isConcurrentExecutionDisallowed() || job.isPersistJobDataAfterExecution()) {
                return super.triggerFired(conn, trigger);
            }
            getDelegate().updateFiredTrigger(conn, trigger, STATE_EXECUTING, job);
        } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't fire trigger " + trigger.getKey() + ": " + e.getMessage(), e);
        }
        Date prevFireTime = trigger.getPreviousFireTime();
        trigger.triggered(null);
        if (trigger.getNextFireTime() == null) {
            storeTrigger(conn, trigger, job, true, STATE_COMPLETE, true, false);
        } else if (updateFireTimes(conn, trigger) != 1) {
            storeTrigger(conn, trigger, job, true, STATE_WAITING, true, false);
        }
        job.getJobDataMap().clearDirtyFlag();
        return new TriggerFiredBundle(job, trigger, null, false, new Date(), trigger.getPreviousFireTime(),
                prevFireTime, trigger.getNextFireTime());
    }

    private int updateFireTimes(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        try (PreparedStatement update = conn.prepareStatement(updateFireTimes)) {
            update.setLong(1, trigger.getNextFireTime().getTime());
            update.setLong(2, trigger.getPreviousFireTime() == null ? -1 : trigger.getPreviousFireTime().getTime());
            update.setString(3, STATE_WAITING);
            update.setString(4, getInstanceName());
            update.setString(5, trigger.getKey().getName());
            update.setString(6, trigger.getKey().getGroup());
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't store trigger " + trigger.getKey() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<SchedulerStateRecord> findFailedInstances(Connection conn) throws JobPersistenceException {
        try {
            liveness.ensureHeld();
            snapshot = NodeLiveness.snapshot(conn);
        } catch (SQLException e) {
            LOG.warn("Liveness check failed, falling back to check-in times: {}", e.getMessage());
            snapshot = null;
        }
        return super.findFailedInstances(conn);
    }

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        NodeLiveness.Snapshot current = snapshot;
        long stock = stockFailedIfAfter(rec);
        if (current == null || rec.getSchedulerInstanceId().equals(getInstanceId())) {
            return super.calcFailedIfAfter(rec);
        }
        if (current.holds(rec.getSchedulerInstanceId())) {
            return Long.MAX_VALUE;
        }
        if (restartedRecently(current, rec)) {
            // every lock was freed by the restart and nobody could check in during the outage:
            // neither says anything about who is alive, so nobody is declared dead until the
            // live nodes have had time to take their locks again
            return Long.MAX_VALUE;
        }
        return rec.getCheckinTimestamp() + rec.getCheckinInterval() + DEAD_GRACE_MS;
    }

    private long stockFailedIfAfter(SchedulerStateRecord rec) {
        return rec.getCheckinTimestamp() + Math.max(rec.getCheckinInterval(), getClusterCheckinInterval())
                + STOCK_GRACE_MS;
    }

    /** Until every live node had a chance to retake its lock after a database restart. */
    private boolean restartedRecently(NodeLiveness.Snapshot current, SchedulerStateRecord rec) {
        Duration settle = Duration.ofMillis(3 * Math.max(rec.getCheckinInterval(), getClusterCheckinInterval())
                + STOCK_GRACE_MS);
        return current.databaseStartedAt() != null
                && current.databaseStartedAt().plus(settle).isAfter(Instant.now());
    }
}
