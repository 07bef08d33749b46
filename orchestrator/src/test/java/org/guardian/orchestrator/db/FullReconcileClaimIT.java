package org.guardian.orchestrator.db;

import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's periodic full reconciliation pass is claimed by one node per period: the interval
 * asked for, or fifty times the last pass's length when longer (at most 15 minutes).
 */
class FullReconcileClaimIT {
    private final Jdbi jdbi = Jdbi.create(TestDatabase.get().freshlyMigratedDatabase("full_reconcile_claim"))
            .installPlugin(new SqlObjectPlugin());
    private final ScheduleDao dao = jdbi.onDemand(ScheduleDao.class);

    @Test
    void theFirstCallerClaimsThePassAndTheNextOnesWithinTheIntervalDoNot() {
        jdbi.useHandle(h -> h.execute("UPDATE orchestrator.cluster_state SET last_full_reconcile = NULL"));
        assertThat(dao.claimFullReconcile(60)).as("never made: due").isPresent();
        assertThat(dao.claimFullReconcile(60)).as("made just now by another node").isEmpty();
        assertThat(dao.claimFullReconcile(0)).as("older than a zero interval").isPresent();
    }

    @Test
    void aFullPassThatHeldTheLockLongSpacesTheNextOutToFiftyTimesItsLength() {
        dao.recordFullReconcile("1:1", null, 4_000); // due 200 s after it
        madeSecondsAgo(150);
        assertThat(dao.claimFullReconcile(60)).as("150 s after a 4 s pass").isEmpty();
        assertThat(dao.recentlyReconciled("1:1", 60)).as("still the cluster's recent pass").isTrue();
        madeSecondsAgo(210);
        assertThat(dao.recentlyReconciled("1:1", 60)).as("older than the period").isFalse();
        assertThat(dao.claimFullReconcile(60)).as("210 s after a 4 s pass").isPresent();
    }

    @Test
    void aShortFullPassKeepsTheIntervalAskedForAndALongOneWaitsAtMostFifteenMinutes() {
        dao.recordFullReconcile("1:1", null, 200); // 10 s by its length: the 60 asked for prevail
        madeSecondsAgo(50);
        assertThat(dao.claimFullReconcile(60)).isEmpty();
        madeSecondsAgo(61);
        assertThat(dao.claimFullReconcile(60)).isPresent();

        dao.recordFullReconcile("1:1", null, 60_000); // 50 minutes by its length
        madeSecondsAgo(899);
        assertThat(dao.claimFullReconcile(60)).isEmpty();
        madeSecondsAgo(901);
        assertThat(dao.claimFullReconcile(60)).isPresent();
    }

    private void madeSecondsAgo(int seconds) {
        jdbi.useHandle(h -> h.execute("UPDATE orchestrator.cluster_state"
                + " SET last_full_reconcile = now() - make_interval(secs => ?)", seconds));
    }

    @Test
    void nodesAskingAtTheSameMomentGetOnePassBetweenThem() throws Exception {
        jdbi.useHandle(h -> h.execute("UPDATE orchestrator.cluster_state SET last_full_reconcile = NULL"));
        int nodes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Callable<Boolean> claim = () -> {
                    go.await();
                    return dao.claimFullReconcile(60).isPresent();
                };
                claims.add(pool.submit(claim));
            }
            go.countDown();
            int granted = 0;
            for (Future<Boolean> claim : claims) {
                granted += claim.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
