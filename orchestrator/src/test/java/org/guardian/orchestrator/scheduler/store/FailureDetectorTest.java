package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.store.FailureDetector.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** When a peer is dead, on the database's clock (all times in epoch milliseconds). */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class FailureDetectorTest {
    private static final long INTERVAL = 1_000;
    private static final long DEAD_AFTER = 10_000;
    private static final long DB_STARTED = 0;
    private final FailureDetector detector = new FailureDetector(INTERVAL, DEAD_AFTER);

    /** This node checked in every interval from {@code from} to {@code to}. */
    private void checkedInFrom(long from, long to) {
        for (long t = from; t <= to; t += INTERVAL) {
            detector.checkedIn(t);
        }
    }

    @Test
    void aPeerWhoseSessionIsGoneIsDeadAtItsFirstMissedCheckIn() {
        checkedInFrom(100_000, 120_000);
        Peer killed = new Peer("killed", 118_400, INTERVAL, false);
        assertThat(detector.deathOf(killed, 120_000, DB_STARTED)).hasValueSatisfying(why ->
                assertThat(why).contains("liveness session is gone"));
        Peer onTime = new Peer("on-time", 119_000, INTERVAL, false);
        assertThat(detector.deathOf(onTime, 120_000, DB_STARTED)).isEmpty();
    }

    @Test
    void aPeerHoldingItsSessionIsDeadOnlyAfterTheLimit() {
        checkedInFrom(100_000, 130_000);
        assertThat(detector.deathOf(new Peer("slow", 121_000, INTERVAL, true), 130_000, DB_STARTED)).isEmpty();
        assertThat(detector.deathOf(new Peer("frozen", 119_000, INTERVAL, true), 130_000, DB_STARTED))
                .hasValueSatisfying(why -> assertThat(why).contains("no check-in for 11000 ms").contains("frozen"));
    }

    @Test
    void aRestartingPeerIsNotTakenForFrozenWhileItsNewIncarnationHasNotCheckedInYet() {
        checkedInFrom(100_000, 130_000);
        // the row's check-in is the previous incarnation's; the new one holds the lock, making its starting pass
        assertThat(detector.deathOf(new Peer("restarting", 100_000, INTERVAL, true, true), 130_000, DB_STARTED)).isEmpty();
        assertThat(detector.deathOf(new Peer("restarting", 100_000, INTERVAL, true, false), 130_000, DB_STARTED))
                .as("once it checked in, it is judged again").isPresent();
        assertThat(detector.deathOf(new Peer("gone", 100_000, INTERVAL, false, true), 130_000, DB_STARTED))
                .as("without its lock it is dead").isPresent();
    }

    @Test
    void nobodyIsJudgedRightAfterThisNodeItselfCouldNotCheckIn() {
        checkedInFrom(100_000, 110_000);
        // the database was away for 20 s: every check-in is late, this node's too
        Peer peer = new Peer("peer", 110_000, INTERVAL, false);
        assertThat(detector.deathOf(peer, 130_000, DB_STARTED)).isEmpty();
        detector.checkedIn(130_000);
        assertThat(detector.deathOf(new Peer("peer", 110_000, INTERVAL, true), 131_000, DB_STARTED)).isEmpty();
        checkedInFrom(131_000, 141_000);
        assertThat(detector.deathOf(new Peer("peer", 110_000, INTERVAL, true), 141_000, DB_STARTED)).isPresent();
    }

    @Test
    void freedLocksMeanNothingRightAfterADatabaseRestart() {
        checkedInFrom(100_000, 120_000);
        Peer peer = new Peer("peer", 118_000, INTERVAL, false);
        assertThat(detector.deathOf(peer, 120_000, 115_000)).as("restarted 5 s ago").isEmpty();
        assertThat(detector.deathOf(peer, 120_000, 100_000)).as("restarted 20 s ago").isPresent();
    }

    @Test
    void aPeerLateByAFewIntervalsIsStalledBeforeItIsDead() {
        checkedInFrom(100_000, 120_000);
        Peer late = new Peer("late", 116_500, INTERVAL, true);
        assertThat(detector.isStalled(late, 120_000)).isTrue();
        assertThat(detector.deathOf(late, 120_000, DB_STARTED)).isEmpty();
        assertThat(detector.isStalled(new Peer("fine", 119_000, INTERVAL, true), 120_000)).isFalse();
    }
}
