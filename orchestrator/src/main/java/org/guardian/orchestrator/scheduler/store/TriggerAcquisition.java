package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.spi.OperableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.quartz.impl.jdbcjobstore.Constants.STATE_ACQUIRED;
import static org.quartz.impl.jdbcjobstore.Constants.STATE_WAITING;

/**
 * Acquisition without Quartz's cluster-wide lock: Quartz's choice of triggers (fire-time and
 * priority order, up to the batch end, one per job that disallows concurrent execution), with the
 * due rows locked {@code FOR UPDATE SKIP LOCKED} so that nodes acquiring together split them, and
 * three statements per batch instead of five per trigger.
 */
final class TriggerAcquisition {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerAcquisition.class);
    /** A batch due later than this from now is acquired ahead of its fire time. */
    static final long AHEAD_MILLIS = 50;
    /** Rounds tried while every trigger chosen was taken by another node meanwhile. */
    private static final int ROUNDS = 3;

    private final StoreAccess store;
    private final PrefetchingThreadPool pool;
    private final HeldAcquisitions held;

    TriggerAcquisition(StoreAccess store, PrefetchingThreadPool pool, HeldAcquisitions held) {
        this.store = store;
        this.pool = pool;
        this.held = held;
    }

    /** Quartz's {@code acquireNextTrigger}, in the caller's transaction. */
    List<OperableTrigger> acquire(Connection conn, long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        if (timeWindow < 0) {
            throw new IllegalArgumentException("timeWindow < 0");
        }
        int ahead = Math.max(maxCount, pool.placesForLaterFires());
        try {
            for (int round = 1; ; round++) {
                List<SkipLockedDelegate.DueTrigger> due = store.delegate().selectDueTriggers(conn,
                        noLaterThan + timeWindow, store.misfireTime(), ahead);
                if (due.isEmpty()) {
                    return new ArrayList<>();
                }
                int limit = ahead > maxCount && isLater(due.get(0)) ? ahead : maxCount;
                List<OperableTrigger> acquired = markAcquired(conn, choose(due, noLaterThan, limit, timeWindow));
                if (!acquired.isEmpty() || round >= ROUNDS) {
                    return acquired;
                }
            }
        } catch (SQLException | IOException | ClassNotFoundException e) {
            throw new JobPersistenceException("Couldn't acquire next trigger: " + e.getMessage(), e);
        }
    }

    /** The triggers Quartz would acquire from these due ones, each given its fire instance id. */
    private List<OperableTrigger> choose(List<SkipLockedDelegate.DueTrigger> due, long noLaterThan, int limit,
                                         long timeWindow) {
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
            if (nextFireTime.getTime() > batchEnd || chosen.size() == limit) {
                break;
            }
            trigger.setFireInstanceId(store.newFireInstanceId());
            chosen.add(trigger);
            if (chosen.size() == 1) {
                batchEnd = Math.max(nextFireTime.getTime(), System.currentTimeMillis()) + timeWindow;
            }
        }
        return chosen;
    }

    /** Marks the chosen triggers ACQUIRED; returns those still WAITING, which it acquired and now holds. */
    private List<OperableTrigger> markAcquired(Connection conn, List<OperableTrigger> chosen)
            throws SQLException, JobPersistenceException {
        Set<String> acquired = chosen.isEmpty() ? Set.of()
                : store.delegate().acquire(conn, chosen, STATE_ACQUIRED, STATE_WAITING);
        List<OperableTrigger> triggers = new ArrayList<>(chosen);
        triggers.removeIf(trigger -> !acquired.contains(trigger.getFireInstanceId()));
        held.hold(triggers);
        return triggers;
    }

    /**
     * Whether the first due trigger fires later than {@link #AHEAD_MILLIS} from now: such a batch may
     * fill every place of the worker pool ({@link PrefetchingThreadPool#placesForLaterFires}), so that
     * a burst due at one second is acquired ahead in one batch per node.
     */
    private static boolean isLater(SkipLockedDelegate.DueTrigger first) {
        Date next = first.trigger().getNextFireTime();
        return next != null && next.getTime() > System.currentTimeMillis() + AHEAD_MILLIS;
    }

    /** Quartz's check after a failed commit: whether the acquisition was recorded all the same. */
    boolean recorded(Connection conn, List<OperableTrigger> result) throws JobPersistenceException {
        try {
            Set<String> recorded = new HashSet<>();
            for (FiredTriggerRecord fired : store.delegate().selectInstancesFiredTriggerRecords(conn,
                    store.instanceId())) {
                recorded.add(fired.getFireInstanceId());
            }
            return result.stream().anyMatch(t -> recorded.contains(t.getFireInstanceId()));
        } catch (SQLException e) {
            throw new JobPersistenceException("error validating trigger acquisition", e);
        }
    }
}
