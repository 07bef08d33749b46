package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.RunGaps;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A node frozen in the middle of a scheduler-store transaction holds row locks its peers need (the
 * trigger it was firing, the cluster's Quartz lock). Its peers must not wait for it to be declared
 * dead (ORCH_NODE_DEAD_AFTER_MS, 10 s): PostgreSQL ends the idle transaction within a few seconds
 * and every schedule fires again well before the frozen node is fenced, except those whose attempt
 * the frozen node was running (they wait for it to be declared dead, as they must).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FrozenInTransactionIT {
    private static final String FROZEN = "frozen-in-tx";
    private static final int SCHEDULES = 12;
    private static final Logger LOG = LoggerFactory.getLogger(FrozenInTransactionIT.class);
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeFrozenInsideAStoreTransactionHoldsNothingUpForLong() throws Exception {
        for (int i = 0; i < SCHEDULES; i++) {
            schedule(db, "tick_" + i).cron("* * * * * ?").operation("noop", "{}").insert();
        }
        try (NodeProcess victim = NodeProcess.start(db, FROZEN)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> Integer.parseInt(scalar(db,
                    "SELECT count(*) FROM orchestrator.job_runs WHERE node_id = '" + FROZEN + "'")) > 2 * SCHEDULES);
            cluster.start("warm-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(scalar(db,
                    "SELECT count(*) FROM orchestrator.qrtz_scheduler_state")));

            String frozenTransaction = freezeInsideAStoreTransaction(victim);
            Instant frozenAt = Instant.now();
            LOG.info("FROZEN IN TX: {}", frozenTransaction);
            Duration window = Duration.ofSeconds(9);
            await().pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
            Map<String, Duration> gaps = largestGapsSince(frozenAt, frozenAt.plus(window));
            Set<String> inFlight = schedulesRunningOn(FROZEN);
            LOG.info("FROZEN IN TX: largest gaps {}; attempts in flight on the frozen node: {}", gaps, inFlight);
            gaps.keySet().removeAll(inFlight);
            assertThat(gaps).as("the schedules without an attempt on the frozen node").isNotEmpty()
                    .as("each fired again within 6 s of the freeze, before the node is declared dead")
                    .allSatisfy((name, gap) -> assertThat(gap).isLessThanOrEqualTo(Duration.ofSeconds(6)));
            victim.thaw();
        }
    }

    /** Schedules whose attempt the node started and has not ended: they wait until it is declared dead. */
    private Set<String> schedulesRunningOn(String node) {
        String names = scalar(db, "SELECT string_agg(DISTINCT schedule_name, ',') FROM orchestrator.job_runs"
                + " WHERE node_id = '" + node + "' AND status = 'RUNNING'");
        return names == null ? Set.of() : Set.of(names.split(","));
    }

    /**
     * SIGSTOPs the node at random moments until one catches it inside a store transaction that
     * holds a transaction id (it locked or wrote rows) while at least 4 schedules have no attempt
     * in flight on it (those are the ones the test watches), and leaves it frozen there.
     *
     * @return the frozen transaction's state and last statement
     */
    private String freezeInsideAStoreTransaction(NodeProcess victim) throws Exception {
        String incarnation = scalar(db, "SELECT max(incarnation) FROM orchestrator.node_incarnations"
                + " WHERE node_id = '" + FROZEN + "'");
        String inTransaction = "SELECT string_agg(state || ': ' || left(query, 120), ' | ') FROM pg_stat_activity"
                + " WHERE split_part(application_name, '/', 2) = '" + incarnation + "'"
                + " AND state IN ('idle in transaction', 'active') AND backend_xid IS NOT NULL"
                + " AND query ILIKE '%qrtz%' AND query NOT ILIKE '%scheduler_state%'";
        for (int attempt = 1; attempt <= 2_000; attempt++) {
            victim.freeze();
            String caught = scalar(db, inTransaction);
            if (caught != null && schedulesRunningOn(FROZEN).size() <= SCHEDULES - 4) {
                LOG.info("FROZEN IN TX: caught on attempt {}", attempt);
                return caught;
            }
            victim.thaw();
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(500, 20_000));
        }
        throw new AssertionError("never caught the node inside a store transaction");
    }

    /** For each schedule, the longest time without a run starting between {@code from} and {@code to}. */
    private Map<String, Duration> largestGapsSince(Instant from, Instant to) {
        Map<String, List<Instant>> starts = new HashMap<>();
        String rows = scalar(db, "SELECT string_agg(schedule_name || '=' || (EXTRACT(EPOCH FROM started_at) * 1000)"
                + "::bigint, ',' ORDER BY started_at) FROM orchestrator.job_runs WHERE status <> 'SKIPPED'");
        for (String row : rows.split(",")) {
            String[] parts = row.split("=");
            starts.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Instant.ofEpochMilli(Long.parseLong(parts[1])));
        }
        Map<String, Duration> gaps = new HashMap<>();
        for (int i = 0; i < SCHEDULES; i++) {
            gaps.put("tick_" + i, RunGaps.largest(starts.getOrDefault("tick_" + i, List.of()), from, to));
        }
        return gaps;
    }
}
