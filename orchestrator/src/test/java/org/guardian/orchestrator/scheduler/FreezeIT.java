package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.scheduler.store.FenceHandler;
import org.guardian.orchestrator.testing.FireCounter;
import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.RunGaps;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A node process frozen with SIGSTOP while it runs a long attempt, among two healthy nodes: it is
 * declared dead after ORCH_NODE_DEAD_AFTER_MS (10 s), fenced, its attempt recovered once elsewhere;
 * the cluster's other schedules keep firing; thawed, it exits for its supervisor to restart it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FreezeIT {
    /** A name no other test class uses: fencing it must not wait on other classes' sessions of that name. */
    private static final String FROZEN = "frozen-victim";
    private static final Logger LOG = LoggerFactory.getLogger(FreezeIT.class);
    private static final Duration FROZEN_FOR = Duration.ofSeconds(35);
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aFrozenNodeIsFencedItsAttemptRecoveredOnceAndItExitsWhenThawed() throws Exception {
        schedule(db, "long_job").cron("* * * * * ?").operation("pg_sleep", "{\"seconds\": 40}")
                .maxDuration("2 minutes").insert();
        schedule(db, "ticks").cron("*/2 * * * * ?").operation("noop", "{}").insert();
        FireCounter fires = new FireCounter();
        try (NodeProcess victim = NodeProcess.start(db, FROZEN)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> longJobOn(FROZEN, "RUNNING") != null);
            cluster.start("healthy-1").scheduler().getListenerManager().addTriggerListener(fires);
            cluster.start("healthy-2").scheduler().getListenerManager().addTriggerListener(fires);
            await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(scalar(db,
                    "SELECT count(*) FROM orchestrator.qrtz_scheduler_state")));
            RunRow frozen = longJobOn(FROZEN, "RUNNING");

            Instant frozenAt = Instant.now();
            victim.freeze();
            await().atMost(Duration.ofSeconds(25)).until(() -> recoveriesOf(frozen).size() == 1);
            LOG.info("FREEZE: recovery started {} ms after SIGSTOP", Duration.between(frozenAt,
                    startedAt(recoveriesOf(frozen).get(0))).toMillis());
            Duration rest = FROZEN_FOR.minus(Duration.between(frozenAt, Instant.now()));
            await().pollDelay(rest).atMost(rest.plusSeconds(1)).until(() -> true);
            Instant thawedAt = Instant.now();
            victim.thaw();

            await("the thawed node exits").atMost(Duration.ofSeconds(30)).until(() -> !victim.isAlive());
            assertThat(victim.exitValue()).isEqualTo(FenceHandler.EXIT_STATUS);
            assertThat(largestGapBetweenTicks(frozenAt, thawedAt)).as("ticks never stopped for 10 s")
                    .isLessThanOrEqualTo(ticksHeldByTheFrozenNode() ? Duration.ofSeconds(15) : Duration.ofSeconds(10));
        }
        RunRow afterThaw = runs(db, "long_job").stream().filter(r -> r.id() == longJobAttempt1Id()).findFirst()
                .orElseThrow();
        assertThat(afterThaw.status()).as("the frozen attempt stays INTERRUPTED").isEqualTo("INTERRUPTED");
        assertThat(afterThaw.node()).isEqualTo(FROZEN);
        assertThat(recoveriesOf(afterThaw)).hasSize(1);
        assertThat(fires.firesMoreThanOnce()).isEmpty();
        assertThat(scalar(db, "SELECT count(*) FROM (SELECT scheduled_fire_time FROM orchestrator.job_runs"
                + " WHERE schedule_name = 'ticks' AND status NOT IN ('SKIPPED', 'INTERRUPTED') GROUP BY 1"
                + " HAVING count(*) > 1) twice")).as("no fire time ran twice (an interrupted attempt is run again once)")
                .isEqualTo("0");
    }

    private RunRow longJobOn(String node, String status) {
        return runs(db, "long_job").stream().filter(r -> r.node().equals(node) && r.status().equals(status))
                .findFirst().orElse(null);
    }

    /**
     * Whether the freeze caught an attempt of ticks in flight (its RUNNING row written, its outcome
     * not): ticks then waits, as it must, until the frozen node is declared dead (10 s) and fenced.
     */
    private boolean ticksHeldByTheFrozenNode() {
        boolean held = runs(db, "ticks").stream().anyMatch(r -> r.node().equals(FROZEN)
                && (r.status().equals("INTERRUPTED") || r.status().equals("RUNNING")));
        LOG.info("FREEZE: an attempt of ticks was in flight on the frozen node: {}", held);
        return held;
    }

    private long longJobAttempt1Id() {
        return runs(db, "long_job").stream().filter(r -> r.node().equals(FROZEN)).findFirst().orElseThrow().id();
    }

    private List<RunRow> recoveriesOf(RunRow dead) {
        return runs(db, "long_job").stream().filter(r -> r.kind().equals("RECOVERY")
                && r.fireTime().equals(dead.fireTime())).toList();
    }

    private Instant startedAt(RunRow run) {
        return Instant.ofEpochMilli(Long.parseLong(scalar(db, "SELECT (EXTRACT(EPOCH FROM started_at) * 1000)::bigint"
                + " FROM orchestrator.job_runs WHERE id = " + run.id())));
    }

    /** The longest time without a tick starting, from the freeze to the thaw. */
    private Duration largestGapBetweenTicks(Instant from, Instant to) {
        List<Instant> starts = new ArrayList<>();
        for (String ms : scalar(db, "SELECT string_agg((EXTRACT(EPOCH FROM started_at) * 1000)::bigint::text, ','"
                + " ORDER BY started_at) FROM orchestrator.job_runs WHERE schedule_name = 'ticks'"
                + " AND status <> 'SKIPPED'").split(",")) {
            starts.add(Instant.ofEpochMilli(Long.parseLong(ms)));
        }
        Duration largest = RunGaps.largest(starts, from, to);
        LOG.info("FREEZE: largest gap between ticks while frozen: {} ms", largest.toMillis());
        return largest;
    }
}
