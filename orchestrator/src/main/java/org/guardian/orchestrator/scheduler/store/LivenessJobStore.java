package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.NoSuchDelegateException;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Quartz's clustered JDBC store with bounded failure detection and fencing, and without the
 * cluster-wide {@code TRIGGER_ACCESS} lock on the path every execution takes: acquisition
 * ({@link TriggerAcquisition}) and firing ({@link BatchFiring}) row-lock the triggers they touch,
 * misfires are handled in bulk ({@link MisfireHandling}), check-ins judge and fence peers
 * ({@link ClusterCheckIn}). Everything else keeps Quartz's lock, whose row updates queue behind or
 * ahead of these row locks, so each interleaving is one that stock Quartz allows too.
 */
public class LivenessJobStore extends OutageAwareJobStore {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessJobStore.class);

    private final FireHook claims;
    private final CompletedFires completed;
    private final PrefetchingThreadPool pool;
    private final TriggerAcquisition acquisition;
    private final BatchFiring firing;
    private final MisfireHandling misfires;
    private final ClusterCheckIn checkIn;
    private final HeldAcquisitions held = new HeldAcquisitions(System::nanoTime);
    private final NewJobsInBatches newJobs = new NewJobsInBatches();
    private volatile boolean stopped;
    private SchedulerSignaler signaler;

    public LivenessJobStore(NodeLiveness liveness, FailureDetector detector, StoreHooks hooks,
                            PrefetchingThreadPool pool) {
        StoreAccess access = new Access();
        this.claims = hooks.claims();
        this.completed = hooks.completedFires();
        this.pool = pool;
        this.acquisition = new TriggerAcquisition(access, pool, held);
        this.firing = new BatchFiring(access, new ClaimsInFire(claims));
        this.misfires = new MisfireHandling(access);
        this.checkIn = new ClusterCheckIn(access, liveness, detector, held);
    }

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        super.initialize(loadHelper, signaler);
        this.signaler = signaler;
    }

    /**
     * Completing a fire that changes no trigger state (a cron trigger that fires again, of a job
     * that neither blocks its other triggers nor stores job data) only deletes this fire's own
     * fired-trigger row: that is done without the cluster-wide lock, the main cost of a clustered
     * execution, and not at all when the attempt's outcome record deleted it ({@link CompletedFires}).
     */
    @Override
    public void triggeredJobComplete(OperableTrigger trigger, JobDetail jobDetail,
                                     Trigger.CompletedExecutionInstruction instruction) {
        try {
            complete(trigger, jobDetail, instruction);
        } catch (IllegalStateException e) {
            if (!stopped && !(e.getCause() instanceof InterruptedException)) {
                throw e;
            }
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the node stops (or was fenced) while the database refuses the completion: recovery owns the fire
            LOG.warn("Completion of {} dropped: the node is stopping", trigger.getKey());
        }
    }

    /**
     * New jobs with their triggers, as Quartz stores them but in batches ({@link NewJobsInBatches});
     * Quartz's row-by-row path where that declines (it refuses an existing key as before).
     */
    @Override
    public void storeJobsAndTriggers(Map<JobDetail, Set<? extends Trigger>> jobs, boolean replace)
            throws JobPersistenceException {
        if (replace) {
            super.storeJobsAndTriggers(jobs, true);
            return;
        }
        executeInLock(LOCK_TRIGGER_ACCESS, conn -> {
            try {
                if (newJobs.storeAndAnalyze(conn, (SkipLockedDelegate) getDelegate(), jobs)) {
                    return null;
                }
            } catch (SQLException | IOException e) {
                throw new JobPersistenceException("Couldn't store jobs and triggers: " + e.getMessage(), e);
            }
            for (Map.Entry<JobDetail, Set<? extends Trigger>> job : jobs.entrySet()) {
                storeJob(conn, job.getKey(), false);
                for (Trigger trigger : job.getValue()) {
                    storeTrigger(conn, (OperableTrigger) trigger, job.getKey(), false, STATE_WAITING, false, false);
                }
            }
            return null;
        });
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
     * Ends the run of an attempt claimed with its fire but never taken by a worker (Quartz's pool
     * refused the job, or it could not be created), so that it does not hold the schedule's one
     * RUNNING place.
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

    @Override
    public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        List<OperableTrigger> acquired = executeInNonManagedTXLock(null,
                conn -> acquireNextTrigger(conn, noLaterThan, maxCount, timeWindow), acquisition::recorded);
        pool.schedulerThreadProgressed();
        return acquired;
    }

    @Override
    protected List<OperableTrigger> acquireNextTrigger(Connection conn, long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        return acquisition.acquire(conn, noLaterThan, maxCount, timeWindow);
    }

    @Override
    public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers) throws JobPersistenceException {
        List<TriggerFiredResult> results;
        try {
            results = executeInNonManagedTXLock(null, conn -> firing.fire(conn, triggers), firing::recorded);
        } catch (RuntimeException e) {
            triggers.forEach(held::settle);
            throw e;
        }
        held.settleFired(triggers, results); // Quartz releases those not fired, which settles them
        return results;
    }

    /** The periodic handling in bulk ({@link MisfireHandling}); the recovery pass at start-up is Quartz's own. */
    @Override
    protected RecoverMisfiredJobsResult recoverMisfiredJobs(Connection conn, boolean recovering)
            throws JobPersistenceException, SQLException {
        if (recovering) {
            return super.recoverMisfiredJobs(conn, true);
        }
        MisfireHandling.Round round = misfires.handle(conn);
        return round.handled() == 0 ? RecoverMisfiredJobsResult.NO_OP
                : new RecoverMisfiredJobsResult(round.more(), round.handled(), round.earliestNewFireTime());
    }

    /** Stock Quartz's check-in, with the check-in time read from the database's clock. */
    @Override
    protected List<SchedulerStateRecord> clusterCheckIn(Connection conn) throws JobPersistenceException {
        List<SchedulerStateRecord> failed = findFailedInstances(conn);
        lastCheckin = System.currentTimeMillis();
        checkIn.checkIn(conn);
        return failed;
    }

    @Override
    protected List<SchedulerStateRecord> findFailedInstances(Connection conn) throws JobPersistenceException {
        return checkIn.failedInstances(conn, firstCheckIn);
    }

    /**
     * Quartz's release of a trigger this node acquired and will not fire, only while the acquisition
     * is still its own (a peer may have freed it, and another node acquired it since).
     */
    @Override
    protected void releaseAcquiredTrigger(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        try {
            if (getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId()) == 0) {
                held.settle(trigger);
                return;
            }
            getDelegate().updateTriggerStateFromOtherState(conn, trigger.getKey(), STATE_WAITING, STATE_ACQUIRED);
            getDelegate().updateTriggerStateFromOtherState(conn, trigger.getKey(), STATE_WAITING, STATE_BLOCKED);
            held.settle(trigger); // the trigger's row is locked now: the check-in skips it until this commits
        } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't release acquired trigger: " + e.getMessage(), e);
        }
    }

    /** This store as its collaborators see it: Quartz's protected methods they need. */
    private final class Access implements StoreAccess {
        @Override
        public SkipLockedDelegate delegate() throws NoSuchDelegateException {
            return (SkipLockedDelegate) getDelegate();
        }

        @Override
        public String instanceId() {
            return getInstanceId();
        }

        @Override
        public long misfireTime() {
            return getMisfireTime();
        }

        @Override
        public int maxMisfiresPerRound() {
            return getMaxMisfiresToHandleAtATime();
        }

        @Override
        public long checkinInterval() {
            return getClusterCheckinInterval();
        }

        @Override
        public String newFireInstanceId() {
            return getFiredTriggerRecordId();
        }

        @Override
        public TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
            return LivenessJobStore.this.triggerFired(conn, trigger);
        }

        @Override
        public void storeTrigger(Connection conn, OperableTrigger trigger, JobDetail job, String state)
                throws JobPersistenceException {
            LivenessJobStore.this.storeTrigger(conn, trigger, job, true, state, true, false);
        }

        @Override
        public void updateMisfiredTrigger(Connection conn, TriggerKey key, String newStateIfNotComplete)
                throws JobPersistenceException {
            LivenessJobStore.this.updateMisfiredTrigger(conn, key, newStateIfNotComplete, false);
        }

        @Override
        public void notifyMisfired(OperableTrigger missed) {
            signaler.notifyTriggerListenersMisfired(missed);
        }
    }
}
