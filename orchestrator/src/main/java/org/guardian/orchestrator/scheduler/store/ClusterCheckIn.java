package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.FiredTriggerRecord;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.quartz.impl.jdbcjobstore.Constants.STATE_ACQUIRED;
import static org.quartz.impl.jdbcjobstore.Constants.STATE_WAITING;

/**
 * Quartz's cluster check-in on the database's clock, with bounded failure detection: each peer is
 * judged by {@link FailureDetector} from its check-ins and its liveness lock, a dead one is fenced
 * before Quartz recovers its work, and what a stalled one, or this node without knowing it any more,
 * acquired and did not fire is freed.
 */
final class ClusterCheckIn {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCheckIn.class);
    /** A trigger acquired by a stalled node is freed once its fire time is this far past. */
    private static final long STALLED_FIRE_LATE_MS = 1_000;

    private final StoreAccess store;
    private final NodeLiveness liveness;
    private final FailureDetector detector;
    private final HeldAcquisitions held;
    private volatile NodeLiveness.Snapshot lastView;

    ClusterCheckIn(StoreAccess store, NodeLiveness liveness, FailureDetector detector, HeldAcquisitions held) {
        this.store = store;
        this.liveness = liveness;
        this.detector = detector;
        this.held = held;
    }

    /** Writes this node's check-in with the database time that the last {@link #failedInstances} read. */
    void checkIn(Connection conn) throws JobPersistenceException {
        long now = lastView.nowMillis();
        try {
            if (store.delegate().updateSchedulerState(conn, store.instanceId(), now) == 0) {
                store.delegate().insertSchedulerState(conn, store.instanceId(), now, store.checkinInterval());
            }
        } catch (SQLException e) {
            throw new JobPersistenceException("Failure updating scheduler state when checking-in: " + e.getMessage(), e);
        }
        detector.checkedIn(now);
    }

    /**
     * The peers to recover: each found dead is fenced first. On this node's first check-in, also its
     * own earlier record and fired triggers of nodes without a record, as Quartz does.
     */
    List<SchedulerStateRecord> failedInstances(Connection conn, boolean firstCheckIn) throws JobPersistenceException {
        try {
            NodeLiveness.Snapshot view = NodeLiveness.snapshot(conn);
            lastView = view;
            List<SchedulerStateRecord> states = store.delegate().selectSchedulerStateRecords(conn, null);
            List<SchedulerStateRecord> failed = new ArrayList<>();
            List<String> stalled = new ArrayList<>();
            for (SchedulerStateRecord rec : states) {
                String id = rec.getSchedulerInstanceId();
                if (id.equals(store.instanceId())) {
                    if (firstCheckIn) {
                        failed.add(rec);
                    }
                } else if (isDead(rec, view)) {
                    failed.add(rec);
                } else if (detector.isStalled(peer(rec, view), view.nowMillis())) {
                    stalled.add(id);
                }
            }
            if (firstCheckIn) {
                failed.addAll(orphans(conn, states));
            }
            releaseStalled(conn, stalled, view.nowMillis());
            if (!firstCheckIn) { // on the first, Quartz recovers what this node's last process left
                releaseUnheld(conn, view.nowMillis());
            }
            return failed;
        } catch (SQLException e) {
            throw new JobPersistenceException("Failure identifying failed instances when checking-in: "
                    + e.getMessage(), e);
        }
    }

    /** Whether the peer is dead; fences it if so. */
    private boolean isDead(SchedulerStateRecord rec, NodeLiveness.Snapshot view) throws SQLException {
        Optional<String> death = detector.deathOf(peer(rec, view), view.nowMillis(), view.startedMillis());
        if (death.isPresent()) {
            liveness.fence(rec.getSchedulerInstanceId(), death.get());
        }
        return death.isPresent();
    }

    private static FailureDetector.Peer peer(SchedulerStateRecord rec, NodeLiveness.Snapshot view) {
        String id = rec.getSchedulerInstanceId();
        return new FailureDetector.Peer(id, rec.getCheckinTimestamp(), rec.getCheckinInterval(), view.holds(id),
                view.isStarting(id));
    }

    /** Nodes with fired triggers and no check-in record (recovered while still firing): fenced, then recovered. */
    private List<SchedulerStateRecord> orphans(Connection conn, List<SchedulerStateRecord> states)
            throws SQLException, JobPersistenceException {
        Set<String> names = store.delegate().selectFiredTriggerInstanceNames(conn);
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
        Set<TriggerKey> freed = store.delegate().releaseAcquired(conn, stalled, now - STALLED_FIRE_LATE_MS,
                STATE_ACQUIRED, STATE_WAITING);
        if (!freed.isEmpty()) {
            LOG.warn("Freed {} triggers acquired and not fired by stalled node(s) {}: {}", freed.size(), stalled, freed);
        }
    }

    /**
     * Frees this node's own acquisitions that its scheduler thread does not hold: the database kept
     * them while losing the fires that followed (a standby promoted behind the old primary), and no
     * peer frees the acquisitions of a live node. The unfired rows are read before what is held, as
     * an acquisition is held before it commits: one committing meanwhile is not taken for lost.
     */
    private void releaseUnheld(Connection conn, long now) throws SQLException, JobPersistenceException {
        long firedBefore = now - STALLED_FIRE_LATE_MS;
        List<String> unheld = new ArrayList<>();
        for (FiredTriggerRecord fired : store.delegate().selectInstancesFiredTriggerRecords(conn, store.instanceId())) {
            if (STATE_ACQUIRED.equals(fired.getFireInstanceState()) && fired.getScheduleTimestamp() < firedBefore) {
                unheld.add(fired.getFireInstanceId());
            }
        }
        unheld.removeAll(held.ids());
        if (unheld.isEmpty()) {
            return;
        }
        Set<TriggerKey> freed = store.delegate().releaseEntries(conn, unheld, firedBefore, STATE_ACQUIRED, STATE_WAITING);
        if (!freed.isEmpty()) {
            LOG.warn("Freed {} triggers this node acquired and no longer holds (the database lost the fires that"
                    + " followed, as a standby promoted behind the old primary does): {}", freed.size(), freed);
        }
    }
}
