package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.QuartzKeys;
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
 * Quartz's clustered JDBC store with bounded failure detection and fencing, and without the
 * cluster-wide lock on the path every execution takes.
 *
 * <p>Check-ins are written on the database's clock, and {@link FailureDetector} judges peers by
 * them and by their liveness locks ({@link NodeLiveness}): a {@code kill -9}ed node is dead at its
 * first missed check-in, a frozen or cut-off one after {@code deadAfter}. The node that finds a peer
 * dead fences it ({@link Fencer}: its sessions end, and new ones are refused) before Quartz recovers
 * its work, so nothing the peer still does can commit. Triggers a stalled peer acquired and did not
 * fire are freed after a few check-in intervals, and a node fires only triggers whose acquisition
 * is still its own.
 *
 * <p>Stock Quartz holds its {@code TRIGGER_ACCESS} lock row while it acquires due triggers, fires
 * them and completes them, so a cluster runs one of those transactions at a time. Here acquisition
 * row-locks the due triggers with {@code FOR UPDATE SKIP LOCKED} ({@link SkipLockedDelegate}) and
 * firing row-locks each trigger it fires. Everything else (pause, schedule changes, misfires,
 * recovery) keeps the global lock; its row updates queue behind or ahead of these row locks, so
 * each interleaving is one that stock Quartz allows too.
 */
public class LivenessJobStore extends JobStoreTX {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessJobStore.class);
    /** A trigger acquired by a stalled node is freed once its fire time is this far past. */
    private static final long STALLED_FIRE_LATE_MS = 1_000;

    private final NodeLiveness liveness;
    private final FailureDetector detector;
    private final FireHook claims;
    private final CompletedFires completed;
    private final PrefetchingThreadPool pool;
    private volatile NodeLiveness.Snapshot lastView;
    private volatile boolean stopped;
    private SchedulerSignaler signaler;

    public LivenessJobStore(NodeLiveness liveness, FailureDetector detector, StoreHooks hooks,
                            PrefetchingThreadPool pool) {
        this.liveness = liveness;
        this.detector = detector;
        this.claims = hooks.claims();
        this.completed = hooks.completedFires();
        this.pool = pool;
    }

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        super.initialize(loadHelper, signaler);
        this.signaler = signaler;
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
        try {
            complete(trigger, jobDetail, instruction);
        } catch (IllegalStateException e) {
            if (!stopped) {
                throw e;
            }
            // halted while the database refused this node (fenced): recovery owns the fire now
            LOG.debug("Completion of {} dropped: the store is shut down", trigger.getKey());
        }
    }

    @Override
    public void shutdown() {
        stopped = true;
        super.shutdown();
    }

    private void complete(OperableTrigger trigger, JobDetail jobDetail,
                          Trigger.CompletedExecutionInstruction instruction) {
        releaseUnusedClaim(trigger.getFireInstanceId());
        boolean rowDeleted = completed.takeRowDeleted(trigger.getFireInstanceId());
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
        Optional<FireHook.Unused> unused = claims.takeUnused(fireInstanceId);
        if (unused.isEmpty()) {
            return;
        }
        retryExecuteInNonManagedTXLock(null, conn -> {
            try {
                unused.get().release(conn);
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
        List<OperableTrigger> acquired = executeInNonManagedTXLock(null,
                conn -> acquireNextTrigger(conn, noLaterThan, maxCount, timeWindow),
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
        pool.schedulerThreadProgressed();
        return acquired;
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
        int ahead = Math.max(maxCount, pool.placesForLaterFires());
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
     * Claims the attempts of the schedules' cron fires in this transaction ({@link FireHook}),
     * under a savepoint: should that fail, the fire goes on and its attempts claim as usual.
     */
    private void claimAttempts(Connection conn, List<SkipLockedDelegate.Firing> firings) {
        List<FireHook.CronFire> fires = new ArrayList<>();
        for (SkipLockedDelegate.Firing firing : firings) {
            OperableTrigger trigger = firing.trigger();
            if (QuartzKeys.SCHEDULES.equals(trigger.getKey().getGroup())
                    && QuartzKeys.SCHEDULES.equals(trigger.getJobKey().getGroup())) {
                fires.add(new FireHook.CronFire(trigger.getJobKey().getName(), trigger,
                        Instant.ofEpochMilli(firing.scheduledFireTime()), trigger.getFireInstanceId()));
            }
        }
        if (fires.isEmpty()) {
            return;
        }
        Savepoint savepoint = null;
        try {
            savepoint = conn.setSavepoint();
            claims.claimInFire(conn, fires);
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

    /** Stock Quartz's check-in, with the check-in time read from the database's clock. */
    @Override
    protected List<SchedulerStateRecord> clusterCheckIn(Connection conn) throws JobPersistenceException {
        List<SchedulerStateRecord> failed = findFailedInstances(conn);
        long now = lastView.nowMillis();
        try {
            lastCheckin = System.currentTimeMillis();
            if (getDelegate().updateSchedulerState(conn, getInstanceId(), now) == 0) {
                getDelegate().insertSchedulerState(conn, getInstanceId(), now, getClusterCheckinInterval());
            }
        } catch (SQLException e) {
            throw new JobPersistenceException("Failure updating scheduler state when checking-in: " + e.getMessage(), e);
        }
        detector.checkedIn(now);
        return failed;
    }

    /**
     * The peers to recover: each found dead is fenced first. On this node's first check-in, also its
     * own earlier record and fired triggers of nodes without a record, as Quartz does. Frees the
     * acquisitions of stalled peers on the way.
     */
    @Override
    protected List<SchedulerStateRecord> findFailedInstances(Connection conn) throws JobPersistenceException {
        try {
            NodeLiveness.Snapshot view = NodeLiveness.snapshot(conn);
            lastView = view;
            List<SchedulerStateRecord> states = getDelegate().selectSchedulerStateRecords(conn, null);
            List<SchedulerStateRecord> failed = new ArrayList<>();
            List<String> stalled = new ArrayList<>();
            for (SchedulerStateRecord rec : states) {
                String id = rec.getSchedulerInstanceId();
                if (id.equals(getInstanceId())) {
                    if (firstCheckIn) {
                        failed.add(rec);
                    }
                    continue;
                }
                FailureDetector.Peer peer = new FailureDetector.Peer(id, rec.getCheckinTimestamp(),
                        rec.getCheckinInterval(), view.holds(id));
                Optional<String> death = detector.deathOf(peer, view.nowMillis(), view.startedMillis());
                if (death.isPresent()) {
                    liveness.fence(id, death.get());
                    failed.add(rec);
                } else if (detector.isStalled(peer, view.nowMillis())) {
                    stalled.add(id);
                }
            }
            if (firstCheckIn) {
                failed.addAll(orphans(conn, states));
            }
            releaseStalled(conn, stalled, view.nowMillis());
            return failed;
        } catch (SQLException e) {
            throw new JobPersistenceException("Failure identifying failed instances when checking-in: "
                    + e.getMessage(), e);
        }
    }

    /** Nodes with fired triggers and no check-in record (recovered while still firing): fenced, then recovered. */
    private List<SchedulerStateRecord> orphans(Connection conn, List<SchedulerStateRecord> states)
            throws SQLException, JobPersistenceException {
        Set<String> names = getDelegate().selectFiredTriggerInstanceNames(conn);
        states.forEach(rec -> names.remove(rec.getSchedulerInstanceId()));
        List<SchedulerStateRecord> orphans = new ArrayList<>();
        for (String name : names) {
            liveness.fence(name, "fired triggers without a check-in record");
            SchedulerStateRecord orphan = new SchedulerStateRecord();
            orphan.setSchedulerInstanceId(name);
            orphans.add(orphan);
        }
        return orphans;
    }

    private void releaseStalled(Connection conn, List<String> stalled, long now)
            throws SQLException, JobPersistenceException {
        if (stalled.isEmpty()) {
            return;
        }
        Set<TriggerKey> freed = delegate().releaseStalled(conn, stalled, now - STALLED_FIRE_LATE_MS, STATE_ACQUIRED,
                STATE_WAITING);
        if (!freed.isEmpty()) {
            LOG.warn("Freed {} triggers acquired and not fired by stalled node(s) {}: {}", freed.size(), stalled, freed);
        }
    }

    /**
     * Quartz's release of a trigger this node acquired and will not fire, only while the acquisition
     * is still its own (a peer may have freed it, and another node acquired it since).
     */
    @Override
    protected void releaseAcquiredTrigger(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        try {
            if (getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId()) == 0) {
                return;
            }
            getDelegate().updateTriggerStateFromOtherState(conn, trigger.getKey(), STATE_WAITING, STATE_ACQUIRED);
            getDelegate().updateTriggerStateFromOtherState(conn, trigger.getKey(), STATE_WAITING, STATE_BLOCKED);
        } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't release acquired trigger: " + e.getMessage(), e);
        }
    }
}
