package org.guardian.orchestrator.scheduler.store;

import java.util.Optional;

/**
 * Decides on the database's clock whether a peer is dead: its liveness session is gone (its
 * advisory lock is free) and it missed a check-in, or it has not checked in for {@code deadAfter},
 * session or not. Only while this node has itself checked in without a gap long enough to judge:
 * after a database outage nobody's silence means anything until everyone had time to return.
 * Triggers a late peer acquired and did not fire are freed sooner ({@link #isStalled}).
 */
final class FailureDetector {
    /** How late a check-in of a peer whose session is gone may be. */
    static final long DEAD_GRACE_MS = 500;
    /** After a database restart every lock is free at once: nobody is judged by it for this long plus three intervals. */
    private static final long RESTART_SETTLE_MS = 7_500;

    private final long interval;
    private final long deadAfter;
    private long streakStart = -1;
    private long lastCheckin = -1;

    FailureDetector(long checkinIntervalMillis, long deadAfterMillis) {
        this.interval = checkinIntervalMillis;
        this.deadAfter = deadAfterMillis;
    }

    /**
     * A peer as one check-in sees it; {@code starting}: its live incarnation holds its lock and has not
     * checked in yet (its starting pass), so the check-in seen is its previous incarnation's.
     */
    record Peer(String id, long lastCheckinMillis, long checkinIntervalMillis, boolean lockHeld, boolean starting) {
        Peer(String id, long lastCheckinMillis, long checkinIntervalMillis, boolean lockHeld) {
            this(id, lastCheckinMillis, checkinIntervalMillis, lockHeld, false);
        }
    }

    /** This node checked in at {@code now}; a gap of more than {@link #maxGap} starts a new streak. */
    synchronized void checkedIn(long now) {
        if (lastCheckin < 0 || now - lastCheckin > maxGap()) {
            streakStart = now;
        }
        lastCheckin = now;
    }

    /** @return why the peer is dead, or empty while it may be alive */
    synchronized Optional<String> deathOf(Peer peer, long now, long databaseStartedAt) {
        long age = now - peer.lastCheckinMillis();
        long settle = 2 * Math.max(interval, peer.checkinIntervalMillis());
        boolean restarted = now - databaseStartedAt < settle + interval + RESTART_SETTLE_MS;
        if (!peer.lockHeld() && age > peer.checkinIntervalMillis() + DEAD_GRACE_MS && watchedFor(now) >= settle
                && !restarted) {
            return Optional.of("its liveness session is gone and its last check-in is " + age + " ms old");
        }
        if (age > deadAfter && watchedFor(now) >= deadAfter && !(peer.lockHeld() && peer.starting())) {
            return Optional.of("no check-in for " + age + " ms (limit " + deadAfter + " ms)"
                    + (peer.lockHeld() ? " although its session is open: frozen, cut off or stuck" : ""));
        }
        return Optional.empty();
    }

    /** Whether the peer is late enough that the triggers it acquired and did not fire are freed for others. */
    synchronized boolean isStalled(Peer peer, long now) {
        long limit = Math.min(deadAfter, Math.max(3 * interval, 2_000));
        return now - peer.lastCheckinMillis() > limit && watchedFor(now) >= limit;
    }

    /**
     * How long this node has been checking in without a gap, up to now: zero when its last check-in
     * is already a gap ago (it is judging right after an outage of its own).
     */
    private long watchedFor(long now) {
        return lastCheckin < 0 || now - lastCheckin > maxGap() ? 0 : now - streakStart;
    }

    private long maxGap() {
        return 2 * interval + 1_000;
    }
}
