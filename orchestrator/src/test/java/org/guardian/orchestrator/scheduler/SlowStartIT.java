package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A node restarting behind a long starting pass (100,000 schedules, or a peer's pass it waits for)
 * holds its liveness lock while its check-in row still shows its previous incarnation: its live
 * peers must not take that silence for a frozen node and fence it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlowStartIT {
    private static final Consumer<SchedulerSettings> QUICK_VERDICTS = settings -> {
        settings.setCheckinIntervalMillis(500);
        settings.setNodeDeadAfterMillis(2_000);
    };
    private static final String PASS_LOCK = AdvisoryLocks.CLUSTER_TASKS + ", " + AdvisoryLocks.RECONCILIATION;

    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeRestartingBehindALongStartingPassIsNotFencedByItsLivePeers() throws Exception {
        schedule(db, "kept").cron(QuietCron.daily()).insert();
        OrchestratorNode first = cluster.start("node-a", QUICK_VERDICTS);
        cluster.start("node-b", QUICK_VERDICTS);
        cluster.stop(first);

        try (Connection holder = db.dataSource().getConnection(); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + PASS_LOCK + ")"); // the restart's pass waits behind it
            CompletableFuture<OrchestratorNode> restarting = cluster.startInBackground("node-a", QUICK_VERDICTS);
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> fencedSilent().equals("0"));
            statement.execute("SELECT pg_advisory_unlock(" + PASS_LOCK + ")");

            OrchestratorNode again = restarting.get(1, TimeUnit.MINUTES);
            await().atMost(Duration.ofSeconds(10)).until(() -> ScheduleRows.scalar(db, "SELECT count(*)"
                    + " FROM orchestrator.qrtz_scheduler_state WHERE instance_name = 'node-a'"
                    + " AND last_checkin_time > (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint - 2000").equals("1"));
            assertThat(cluster.fenced()).doesNotContain("node-a");
            assertThat(fencedSilent()).isEqualTo("0");
            assertThat(again.scheduler().isStarted()).isTrue();
        }
    }

    /** Incarnations of node-a fenced by a peer for not checking in. */
    private String fencedSilent() {
        return ScheduleRows.scalar(db, "SELECT count(*) FROM orchestrator.node_incarnations"
                + " WHERE node_id = 'node-a' AND fence_reason LIKE 'no check-in%'");
    }
}
