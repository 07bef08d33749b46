package org.guardian.orchestrator.scheduler.store;

import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.quartz.impl.jdbcjobstore.Constants.STATE_ACQUIRED;
import static org.quartz.impl.jdbcjobstore.Constants.STATE_COMPLETE;
import static org.quartz.impl.jdbcjobstore.Constants.STATE_ERROR;
import static org.quartz.impl.jdbcjobstore.Constants.STATE_EXECUTING;
import static org.quartz.impl.jdbcjobstore.Constants.STATE_WAITING;

/**
 * Fires a batch without Quartz's cluster-wide lock, so a change to a trigger happens wholly before
 * or after its fire: the batch's rows still ACQUIRED by this node are locked (waiting only for the
 * first, skipping the others when held, so it cannot deadlock with a change that locks several),
 * then a plain cron trigger of a job that neither blocks nor stores data is written with the whole
 * batch in one statement, and any other trigger goes through Quartz's {@code triggerFired}.
 */
final class BatchFiring {
    private static final Logger LOG = LoggerFactory.getLogger(BatchFiring.class);

    private final StoreAccess store;
    private final ClaimsInFire claims;

    BatchFiring(StoreAccess store, ClaimsInFire claims) {
        this.store = store;
        this.claims = claims;
    }

    /** Quartz's {@code triggersFired}, in the caller's transaction: one result per trigger, in order. */
    List<TriggerFiredResult> fire(Connection conn, List<OperableTrigger> triggers) throws JobPersistenceException {
        if (triggers.isEmpty()) {
            return new ArrayList<>();
        }
        Map<TriggerKey, Object> jobs = lockWithJobs(conn, triggers);
        TriggerFiredResult[] results = new TriggerFiredResult[triggers.size()];
        List<SkipLockedDelegate.Firing> firings = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < triggers.size(); i++) {
            OperableTrigger trigger = triggers.get(i);
            Object job = jobs.get(trigger.getKey());
            if (job instanceof JobDetail detail && firesInBulk(trigger, detail)) {
                firings.add(advance(trigger, detail));
                positions.add(i);
            } else {
                results[i] = fireAlone(conn, trigger, job);
            }
        }
        if (!firings.isEmpty()) {
            writeBatch(conn, firings, positions, results);
        }
        return new ArrayList<>(Arrays.asList(results));
    }

    private Map<TriggerKey, Object> lockWithJobs(Connection conn, List<OperableTrigger> triggers)
            throws JobPersistenceException {
        try {
            return store.delegate().lockAcquiredWithJobs(conn, triggers, STATE_ACQUIRED);
        } catch (SQLException | IOException e) {
            throw new JobPersistenceException("Couldn't lock fired triggers: " + e.getMessage(), e);
        }
    }

    /** A trigger not locked (gone, paused, or held by a change), whose job failed to load, or fired by Quartz. */
    private TriggerFiredResult fireAlone(Connection conn, OperableTrigger trigger, Object job) {
        if (job == null) {
            return new TriggerFiredResult((TriggerFiredBundle) null);
        }
        if (job instanceof Exception e) {
            return new TriggerFiredResult(jobNotLoadable(conn, trigger, e));
        }
        try {
            return new TriggerFiredResult(store.triggerFired(conn, trigger));
        } catch (JobPersistenceException | RuntimeException e) {
            return new TriggerFiredResult(e);
        }
    }

    /** Moves the trigger to its next fire time in memory, remembering the fire it makes now. */
    private static SkipLockedDelegate.Firing advance(OperableTrigger trigger, JobDetail job) {
        long scheduledFireTime = trigger.getNextFireTime().getTime();
        Date previousFireTime = trigger.getPreviousFireTime();
        trigger.triggered(null);
        return new SkipLockedDelegate.Firing(trigger, scheduledFireTime, previousFireTime, job);
    }

    private void writeBatch(Connection conn, List<SkipLockedDelegate.Firing> firings, List<Integer> positions,
                            TriggerFiredResult[] results) throws JobPersistenceException {
        Set<TriggerKey> stored;
        try {
            stored = store.delegate().fire(conn, firings, STATE_EXECUTING, STATE_WAITING);
        } catch (SQLException e) {
            throw new JobPersistenceException("Couldn't fire triggers: " + e.getMessage(), e);
        }
        claims.claim(conn, firings);
        Date firedAt = new Date();
        for (int k = 0; k < firings.size(); k++) {
            SkipLockedDelegate.Firing firing = firings.get(k);
            storeUnwritten(conn, firing, stored);
            results[positions.get(k)] = new TriggerFiredResult(bundle(firing, firedAt));
        }
    }

    /** As Quartz stores a fired trigger: COMPLETE when it fires no more, else WAITING unless the batch wrote it. */
    private void storeUnwritten(Connection conn, SkipLockedDelegate.Firing firing, Set<TriggerKey> stored)
            throws JobPersistenceException {
        OperableTrigger trigger = firing.trigger();
        if (trigger.getNextFireTime() == null) {
            store.storeTrigger(conn, trigger, firing.job(), STATE_COMPLETE);
        } else if (!stored.contains(trigger.getKey())) {
            store.storeTrigger(conn, trigger, firing.job(), STATE_WAITING);
        }
        firing.job().getJobDataMap().clearDirtyFlag();
    }

    private static TriggerFiredBundle bundle(SkipLockedDelegate.Firing firing, Date firedAt) {
        OperableTrigger trigger = firing.trigger();
        return new TriggerFiredBundle(firing.job(), trigger, null,
                Scheduler.DEFAULT_RECOVERY_GROUP.equals(trigger.getKey().getGroup()), firedAt,
                trigger.getPreviousFireTime(), firing.previousFireTime(), trigger.getNextFireTime());
    }

    /** As Quartz does when a fired trigger's job cannot be loaded: the trigger goes to ERROR. */
    private JobPersistenceException jobNotLoadable(Connection conn, OperableTrigger trigger, Exception cause) {
        LOG.error("Error retrieving job of {}, setting trigger state to ERROR.", trigger.getKey(), cause);
        try {
            store.delegate().updateTriggerState(conn, trigger.getKey(), STATE_ERROR);
        } catch (SQLException | JobPersistenceException e) {
            LOG.error("Unable to set trigger state to ERROR.", e);
        }
        return new JobPersistenceException("Couldn't retrieve job " + trigger.getJobKey() + ": " + cause.getMessage(),
                cause);
    }

    /** A trigger whose fire changes only its own row's fire times and state. */
    private static boolean firesInBulk(OperableTrigger trigger, JobDetail job) {
        return isPlainCron(trigger) && !job.isConcurrentExecutionDisallowed() && !job.isPersistJobDataAfterExecution();
    }

    /** A cron trigger without calendar: firing or a misfire changes only its fire times. */
    static boolean isPlainCron(OperableTrigger trigger) {
        return trigger instanceof CronTrigger && trigger.getCalendarName() == null;
    }

    /** Quartz's check after a failed commit: whether one of these fires was recorded EXECUTING all the same. */
    boolean recorded(Connection conn, List<TriggerFiredResult> result) throws JobPersistenceException {
        try {
            Set<String> executing = new HashSet<>();
            for (FiredTriggerRecord fired : store.delegate().selectInstancesFiredTriggerRecords(conn,
                    store.instanceId())) {
                if (STATE_EXECUTING.equals(fired.getFireInstanceState())) {
                    executing.add(fired.getFireInstanceId());
                }
            }
            return result.stream().anyMatch(r -> r.getTriggerFiredBundle() != null
                    && executing.contains(r.getTriggerFiredBundle().getTrigger().getFireInstanceId()));
        } catch (SQLException e) {
            throw new JobPersistenceException("error validating trigger firing", e);
        }
    }
}
