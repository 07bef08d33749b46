package org.guardian.orchestrator.scheduler;

import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.NoSuchDelegateException;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.quartz.Trigger;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private volatile NodeLiveness.Snapshot snapshot;
    private SchedulerSignaler signaler;

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
        this.signaler = signaler;
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
     * lock that stock Quartz takes for every completion, the main cost of a clustered execution;
     * and not at all when the attempt's outcome record already deleted it ({@link CompletedFires}).
     * Every other completion goes through Quartz unchanged.
     */
    @Override
    public void triggeredJobComplete(OperableTrigger trigger, JobDetail jobDetail,
                                     Trigger.CompletedExecutionInstruction instruction) {
        releaseUnusedClaim(trigger.getFireInstanceId());
        boolean rowDeleted = CompletedFires.takeRowDeleted(trigger.getFireInstanceId());
        boolean onlyDeletesItsFiredRow = instruction == Trigger.CompletedExecutionInstruction.NOOP
                && !jobDetail.isConcurrentExecutionDisallowed() && !jobDetail.isPersistJobDataAfterExecution();
        if (!onlyDeletesItsFiredRow) {
            super.triggeredJobComplete(trigger, jobDetail, instruction);
            return;
        }
        if (rowDeleted) {
            return; // the attempt's outcome record deleted the row in its own commit
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
     * A fire completed whose attempt was claimed with it but never taken by a worker (Quartz's
     * pool refused the job, or it could not be created): its run is ended so that it does not hold
     * the schedule's one RUNNING place. A fire that ran took its claim when it started.
     */
    private void releaseUnusedClaim(String fireInstanceId) {
        Optional<FireClaims> claims = FireClaims.ofNode(getInstanceId());
        Optional<FireClaims.Claim> unused = claims.flatMap(c -> c.take(fireInstanceId));
        if (unused.isEmpty()) {
            return;
        }
        retryExecuteInNonManagedTXLock(null, conn -> {
            try {
                claims.get().release(conn, unused.get());
            } catch (SQLException e) {
                throw new JobPersistenceException("Couldn't release an unused claim: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Acquisition without the global lock: the due triggers are row-locked (skipping rows another
     * node has locked) and read, then marked ACQUIRED (still a
     * compare-and-set from WAITING) and given their fired-trigger rows in a second one, before this
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
     * Quartz's {@code acquireNextTrigger} (the same choice of triggers: in fire-time and priority
     * order, up to the batch end, one per job that disallows concurrent execution) with three
     * statements per batch instead of five per trigger.
     */
    @Override
    protected List<OperableTrigger> acquireNextTrigger(Connection conn, long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        if (timeWindow < 0) {
            throw new IllegalArgumentException("timeWindow < 0");
        }
        int ahead = Math.max(maxCount, PrefetchingThreadPool.ofNode(getInstanceId())
                .map(PrefetchingThreadPool::placesForLaterFires).orElse(0));
        try {
            for (int round = 1; ; round++) {
                List<SkipLockedDelegate.DueTrigger> due = delegate().selectDueTriggers(conn,
                        noLaterThan + timeWindow, getMisfireTime(), ahead);
                int limit = ahead > maxCount && !due.isEmpty() && isLater(due.get(0)) ? ahead : maxCount;
                if (due.isEmpty()) {
                    return new ArrayList<>();
                }
                List<OperableTrigger> chosen = new ArrayList<>();
                Set<JobKey> nonConcurrentJobs = new HashSet<>();
                long batchEnd = noLaterThan;
                for (SkipLockedDelegate.DueTrigger candidate : due) {
                    OperableTrigger trigger = candidate.trigger();
                    if (!candidate.jobExists()
                            || candidate.jobNonConcurrent() && !nonConcurrentJobs.add(trigger.getJobKey())) {
                        continue;
                    }
                    Date nextFireTime = trigger.getNextFireTime();
                    if (nextFireTime == null) {
                        LOG.warn("Trigger {} has no next fire time and yet is still stored", trigger.getKey());
                        continue;
                    }
                    if (nextFireTime.getTime() > batchEnd) {
                        break;
                    }
                    if (chosen.size() == limit) {
                        break;
                    }
                    trigger.setFireInstanceId(getFiredTriggerRecordId());
                    chosen.add(trigger);
                    if (chosen.size() == 1) {
                        batchEnd = Math.max(nextFireTime.getTime(), System.currentTimeMillis()) + timeWindow;
                    }
                }
                Set<String> acquired = chosen.isEmpty() ? Set.of()
                        : delegate().acquire(conn, chosen, STATE_ACQUIRED, STATE_WAITING);
                List<OperableTrigger> triggers = new ArrayList<>(chosen);
                triggers.removeIf(trigger -> !acquired.contains(trigger.getFireInstanceId()));
                if (!triggers.isEmpty() || round >= 3) {
                    return triggers;
                }
            }
        } catch (SQLException | IOException | ClassNotFoundException e) {
            throw new JobPersistenceException("Couldn't acquire next trigger: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the first due trigger fires later than {@link #AHEAD_MILLIS} from now. A batch
     * acquired ahead of its fire time may fill the worker pool's places whatever is in flight now
     * ({@link PrefetchingThreadPool#placesForLaterFires}): a burst of fires due at the same second
     * is then acquired by the nodes ahead of time in one batch each, instead of one batch of the
     * places left free by the previous burst and more batches at the fire time.
     */
    private static boolean isLater(SkipLockedDelegate.DueTrigger first) {
        Date next = first.trigger().getNextFireTime();
        return next != null && next.getTime() > System.currentTimeMillis() + AHEAD_MILLIS;
    }

    /** A batch due later than this from now is acquired ahead of its fire time. */
    static final long AHEAD_MILLIS = 50;

    /**
     * Firing without the global lock and with four statements per batch: the first trigger's row
     * is locked (waiting for it if needed), then every trigger of the batch still ACQUIRED by this
     * node is locked, their jobs are read, then the fired-trigger rows and the triggers' new fire
     * times are written together. A concurrent pause, change or removal of a trigger therefore
     * happens wholly before or wholly after its fire.
     *
     * <p>Never waits for a row while holding another, so it cannot deadlock with a change that
     * locks several triggers (a pause of a job with two triggers, a global pause): triggers other
     * than the first are skipped when locked, which Quartz treats like a trigger paused meanwhile
     * (released, acquired again at once if still due).
     *
     * <p>The set-based write covers the common case, a cron trigger without calendar of a job that
     * neither blocks its other triggers nor stores job data: its row changes only in its fire times
     * and state, so one narrow update stands for Quartz's rewrite of the trigger row and its cron
     * row (safe because the row is locked and still ACQUIRED: every change of a trigger through
     * Quartz resets that state). Any other trigger goes through Quartz's {@code triggerFired}.
     */
    @Override
    public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers) throws JobPersistenceException {
        return executeInNonManagedTXLock(null, conn -> fire(conn, triggers), (conn, result) -> {
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

    private List<TriggerFiredResult> fire(Connection conn, List<OperableTrigger> triggers)
            throws JobPersistenceException {
        if (triggers.isEmpty()) {
            return new ArrayList<>();
        }
        TriggerFiredResult[] results = new TriggerFiredResult[triggers.size()];
        Map<TriggerKey, Object> jobs;
        try {
            jobs = delegate().lockAcquiredWithJobs(conn, triggers, STATE_ACQUIRED);
        } catch (SQLException | IOException e) {
            throw new JobPersistenceException("Couldn't lock fired triggers: " + e.getMessage(), e);
        }
        List<SkipLockedDelegate.Firing> firings = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < triggers.size(); i++) {
            OperableTrigger trigger = triggers.get(i);
            Object job = jobs.get(trigger.getKey());
            if (job == null) {
                results[i] = new TriggerFiredResult((TriggerFiredBundle) null); // gone, paused, or locked by a change
            } else if (job instanceof Exception e) {
                results[i] = new TriggerFiredResult(jobNotLoadable(conn, trigger, e));
            } else if (!firesInBulk(trigger, (JobDetail) job)) {
                try {
                    results[i] = new TriggerFiredResult(triggerFired(conn, trigger));
                } catch (JobPersistenceException | RuntimeException e) {
                    results[i] = new TriggerFiredResult(e);
                }
            } else {
                long scheduledFireTime = trigger.getNextFireTime().getTime();
                Date previousFireTime = trigger.getPreviousFireTime();
                trigger.triggered(null);
                firings.add(new SkipLockedDelegate.Firing(trigger, scheduledFireTime, previousFireTime, (JobDetail) job));
                positions.add(i);
            }
        }
        if (!firings.isEmpty()) {
            Set<TriggerKey> stored;
            try {
                stored = delegate().fire(conn, firings, STATE_EXECUTING, STATE_WAITING);
            } catch (SQLException e) {
                throw new JobPersistenceException("Couldn't fire triggers: " + e.getMessage(), e);
            }
            claimAttempts(conn, firings);
            Date firedAt = new Date();
            for (int k = 0; k < firings.size(); k++) {
                SkipLockedDelegate.Firing firing = firings.get(k);
                OperableTrigger trigger = firing.trigger();
                if (trigger.getNextFireTime() == null) {
                    storeTrigger(conn, trigger, firing.job(), true, STATE_COMPLETE, true, false);
                } else if (!stored.contains(trigger.getKey())) {
                    storeTrigger(conn, trigger, firing.job(), true, STATE_WAITING, true, false);
                }
                firing.job().getJobDataMap().clearDirtyFlag();
                results[positions.get(k)] = new TriggerFiredResult(new TriggerFiredBundle(firing.job(), trigger, null,
                        Scheduler.DEFAULT_RECOVERY_GROUP.equals(trigger.getKey().getGroup()), firedAt,
                        trigger.getPreviousFireTime(), firing.previousFireTime(), trigger.getNextFireTime()));
            }
        }
        return new ArrayList<>(Arrays.asList(results));
    }

    /**
     * Claims the attempts of the schedules' cron fires in this transaction ({@link FireClaims}),
     * under a savepoint: should that fail, the fire goes on and its attempts claim as usual.
     */
    private void claimAttempts(Connection conn, List<SkipLockedDelegate.Firing> firings) {
        Optional<FireClaims> claims = FireClaims.ofNode(getInstanceId());
        if (claims.isEmpty()) {
            return;
        }
        List<FireClaims.CronFire> fires = new ArrayList<>();
        for (SkipLockedDelegate.Firing firing : firings) {
            OperableTrigger trigger = firing.trigger();
            if (QuartzKeys.SCHEDULES.equals(trigger.getKey().getGroup())
                    && QuartzKeys.SCHEDULES.equals(trigger.getJobKey().getGroup())) {
                fires.add(new FireClaims.CronFire(trigger.getJobKey().getName(), trigger,
                        Instant.ofEpochMilli(firing.scheduledFireTime()), trigger.getFireInstanceId()));
            }
        }
        if (fires.isEmpty()) {
            return;
        }
        Savepoint savepoint = null;
        try {
            savepoint = conn.setSavepoint();
            claims.get().claimInFire(conn, fires);
            conn.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Claiming the attempts of {} fires with their fire failed; they claim one by one: {}",
                    fires.size(), e.toString());
            try {
                if (savepoint != null) {
                    conn.rollback(savepoint);
                }
            } catch (SQLException rollback) {
                throw new IllegalStateException("Could not roll back to the savepoint of the claims", rollback);
            }
        }
    }

    private static boolean firesInBulk(OperableTrigger trigger, JobDetail job) {
        return isPlainCron(trigger) && !job.isConcurrentExecutionDisallowed() && !job.isPersistJobDataAfterExecution();
    }

    /** A cron trigger without calendar: firing or a misfire changes only its fire times. */
    private static boolean isPlainCron(OperableTrigger trigger) {
        return trigger instanceof CronTrigger && trigger.getCalendarName() == null;
    }

    private SkipLockedDelegate delegate() throws NoSuchDelegateException {
        return (SkipLockedDelegate) getDelegate();
    }

    /** As Quartz does when a fired trigger's job cannot be loaded: the trigger goes to ERROR. */
    private JobPersistenceException jobNotLoadable(Connection conn, OperableTrigger trigger, Exception cause) {
        LOG.error("Error retrieving job of {}, setting trigger state to ERROR.", trigger.getKey(), cause);
        try {
            getDelegate().updateTriggerState(conn, trigger.getKey(), STATE_ERROR);
        } catch (SQLException | JobPersistenceException e) {
            LOG.error("Unable to set trigger state to ERROR.", e);
        }
        return new JobPersistenceException("Couldn't retrieve job " + trigger.getJobKey() + ": " + cause.getMessage(),
                cause);
    }

    /**
     * Quartz's periodic misfire handling (the misfire handler thread, under Quartz's lock) with
     * three statements per round of up to {@code maxMisfiresToHandleAtATime} triggers instead of
     * eight per trigger: under overload every fire time that could not start within the misfire
     * threshold passes through here, and the stock per-trigger rewrite was a third of the
     * statements per execution (throughput benchmark at 2,000 fires/s demand). A cron trigger
     * without calendar of a job that allows concurrent execution gets its new fire times with one
     * narrow compare-and-set update (still WAITING at the fire time read: a node may have acquired
     * or fired it since, under row locks, and then it is left alone); the misfire listeners hear of
     * the triggers updated, with the fire time they missed. Anything else, and the recovery pass at
     * start-up, is Quartz's own.
     */
    @Override
    protected RecoverMisfiredJobsResult recoverMisfiredJobs(Connection conn, boolean recovering)
            throws JobPersistenceException, SQLException {
        if (recovering) {
            return super.recoverMisfiredJobs(conn, true);
        }
        List<TriggerKey> keys = new ArrayList<>();
        boolean more = getDelegate().hasMisfiredTriggersInState(conn, STATE_WAITING, getMisfireTime(),
                getMaxMisfiresToHandleAtATime(), keys);
        if (keys.isEmpty()) {
            return RecoverMisfiredJobsResult.NO_OP;
        }
        List<SkipLockedDelegate.DueTrigger> misfired;
        try {
            misfired = delegate().selectTriggers(conn, keys);
        } catch (IOException | ClassNotFoundException e) {
            throw new JobPersistenceException("Couldn't read misfired triggers: " + e.getMessage(), e);
        }
        List<OperableTrigger> narrow = new ArrayList<>();
        List<OperableTrigger> asMissed = new ArrayList<>();
        List<Long> readFireTimes = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (SkipLockedDelegate.DueTrigger candidate : misfired) {
            OperableTrigger trigger = candidate.trigger();
            if (isPlainCron(trigger) && !candidate.jobNonConcurrent() && trigger.getNextFireTime() != null) {
                OperableTrigger missed = (OperableTrigger) trigger.clone();
                long readFireTime = trigger.getNextFireTime().getTime();
                trigger.updateAfterMisfire(null);
                if (trigger.getNextFireTime() != null) {
                    narrow.add(trigger);
                    asMissed.add(missed);
                    readFireTimes.add(readFireTime);
                    earliest = Math.min(earliest, trigger.getNextFireTime().getTime());
                    continue;
                }
            }
            updateMisfiredTrigger(conn, trigger.getKey(), STATE_WAITING, false);
        }
        if (!narrow.isEmpty()) {
            Set<TriggerKey> stored = delegate().storeMisfiredFireTimes(conn, narrow, readFireTimes, STATE_WAITING);
            for (OperableTrigger missed : asMissed) {
                if (stored.contains(missed.getKey())) {
                    signaler.notifyTriggerListenersMisfired(missed);
                }
            }
        }
        return new RecoverMisfiredJobsResult(more, keys.size(), earliest);
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

    /** Until every live node had a chance to retake its lock after a database restart. */
    private boolean restartedRecently(NodeLiveness.Snapshot current, SchedulerStateRecord rec) {
        Duration settle = Duration.ofMillis(3 * Math.max(rec.getCheckinInterval(), getClusterCheckinInterval())
                + STOCK_GRACE_MS);
        return current.databaseStartedAt() != null
                && current.databaseStartedAt().plus(settle).isAfter(Instant.now());
    }
}
