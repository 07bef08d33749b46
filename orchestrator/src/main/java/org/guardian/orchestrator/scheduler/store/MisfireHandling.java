package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.quartz.impl.jdbcjobstore.Constants.STATE_WAITING;

/**
 * Quartz's periodic misfire handling with three statements per round instead of eight per
 * trigger, since under overload every late fire passes through here. A plain cron trigger of a job
 * that allows concurrent execution gets its new fire times in one compare-and-set update (only if
 * still WAITING at the fire time read: a node may have acquired or fired it since, and then it is
 * left alone); any other trigger is handled by Quartz, one at a time.
 */
final class MisfireHandling {
    /** What a round did, for Quartz's {@code RecoverMisfiredJobsResult}. */
    record Round(boolean more, int handled, long earliestNewFireTime) {
    }

    private final StoreAccess store;

    MisfireHandling(StoreAccess store) {
        this.store = store;
    }

    /** One round of up to {@code maxMisfiresToHandleAtATime} misfired WAITING triggers. */
    Round handle(Connection conn) throws JobPersistenceException, SQLException {
        List<TriggerKey> keys = new ArrayList<>();
        boolean more = store.delegate().hasMisfiredTriggersInState(conn, STATE_WAITING, store.misfireTime(),
                store.maxMisfiresPerRound(), keys);
        if (keys.isEmpty()) {
            return new Round(false, 0, Long.MAX_VALUE);
        }
        Rewrites rewrites = new Rewrites();
        for (SkipLockedDelegate.DueTrigger candidate : read(conn, keys)) {
            if (!rewrites.advance(candidate)) {
                store.updateMisfiredTrigger(conn, candidate.trigger().getKey(), STATE_WAITING);
            }
        }
        if (!rewrites.advanced.isEmpty()) {
            store(conn, rewrites);
        }
        return new Round(more, keys.size(), rewrites.earliest);
    }

    private List<SkipLockedDelegate.DueTrigger> read(Connection conn, List<TriggerKey> keys)
            throws SQLException, JobPersistenceException {
        try {
            return store.delegate().selectTriggers(conn, keys);
        } catch (IOException | ClassNotFoundException e) {
            throw new JobPersistenceException("Couldn't read misfired triggers: " + e.getMessage(), e);
        }
    }

    /** Writes the new fire times; the misfire listeners hear of the triggers updated, with the fire time they missed. */
    private void store(Connection conn, Rewrites rewrites) throws SQLException, JobPersistenceException {
        Set<TriggerKey> stored = store.delegate().storeMisfiredFireTimes(conn, rewrites.advanced,
                rewrites.readFireTimes, STATE_WAITING);
        for (OperableTrigger missed : rewrites.asMissed) {
            if (stored.contains(missed.getKey())) {
                store.notifyMisfired(missed);
            }
        }
    }

    /** The triggers of a round moved to their next fire time in memory, to be written in one statement. */
    private static final class Rewrites {
        private final List<OperableTrigger> advanced = new ArrayList<>();
        private final List<OperableTrigger> asMissed = new ArrayList<>();
        private final List<Long> readFireTimes = new ArrayList<>();
        private long earliest = Long.MAX_VALUE;

        /** Advances a plain cron trigger of a concurrent job that fires again; false for any other. */
        boolean advance(SkipLockedDelegate.DueTrigger candidate) {
            OperableTrigger trigger = candidate.trigger();
            if (!BatchFiring.isPlainCron(trigger) || candidate.jobNonConcurrent() || trigger.getNextFireTime() == null) {
                return false;
            }
            OperableTrigger missed = (OperableTrigger) trigger.clone();
            long readFireTime = trigger.getNextFireTime().getTime();
            trigger.updateAfterMisfire(null);
            if (trigger.getNextFireTime() == null) {
                return false;
            }
            advanced.add(trigger);
            asMissed.add(missed);
            readFireTimes.add(readFireTime);
            earliest = Math.min(earliest, trigger.getNextFireTime().getTime());
            return true;
        }
    }
}
