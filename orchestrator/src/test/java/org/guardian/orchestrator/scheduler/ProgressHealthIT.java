package org.guardian.orchestrator.scheduler;

import com.codahale.metrics.health.HealthCheck.Result;
import org.guardian.orchestrator.health.ProgressHealthCheck;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.TestTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A node's health follows the progress of its background loops: a loop that stops or stalls makes
 * it unhealthy, naming the loop. The node's ticker is moved ahead so that a loop's limit passes at
 * once: the loops still going round are fresh again at their next round, the stuck one is not.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProgressHealthIT {
    private static final Duration AN_HOUR = Duration.ofHours(1);
    private final TestDatabase db = TestDatabase.get();
    private final TestTicker ticker = new TestTicker();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    private static Result health(OrchestratorNode node) {
        return new ProgressHealthCheck(node.loops().all()).execute();
    }

    /** Moves time past every limit and waits until every loop that still goes round has gone round. */
    private void anHourLater(OrchestratorNode node, String stuckLoop) {
        ticker.advance(AN_HOUR);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.loops().all().stream()
                .filter(loop -> !loop.name().equals(stuckLoop)).allMatch(loop -> loop.status().healthy()));
    }

    @Test
    void aNodeWhoseLoopsAllGoRoundIsHealthyAndNamesEach() throws Exception {
        OrchestratorNode node = cluster.start("progressing", ticker);

        anHourLater(node, null);

        Result result = health(node);
        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).contains("scheduler thread progressed", "outcome writer progressed",
                "reconciler progressed", "liveness heartbeat progressed", "stuck-attempt sweeper progressed");
    }

    @Test
    void aReconcilerWhoseThreadEndedMakesTheNodeUnhealthy() throws Exception {
        OrchestratorNode node = cluster.start("no-reconciler", ticker);
        anHourLater(node, null);

        node.synchronizer().stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> !health(node).isHealthy());
        assertThat(health(node).getMessage()).startsWith("reconciler DEAD: its thread orch-reconciler ended");
        anHourLater(node, "reconciler");
        assertThat(health(node).getMessage()).startsWith("reconciler DEAD").contains("scheduler thread progressed");
    }

    @Test
    void aSchedulerThreadStuckInTheDatabaseStallsPastItsLimitUntilItGoesOn() throws Exception {
        OrchestratorNode node = cluster.start("stuck-scheduler", ticker);

        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE orchestrator.qrtz_triggers IN ACCESS EXCLUSIVE MODE");
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db, "SELECT count(*)"
                    + " FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'SELECT SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP FROM%SKIP LOCKED'")));
            anHourLater(node, "scheduler thread");

            Result stalled = health(node);
            assertThat(stalled.isHealthy()).isFalse();
            assertThat(stalled.getMessage())
                    .containsPattern("^scheduler thread STALLED: no progress for 36\\d\\d\\.\\d s \\(limit 32\\.0 s\\)");
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> health(node).isHealthy());
    }

    @Test
    void aLoopThatIsNotSupposedToRunIsReportedAsSuchNotAsStalled() throws Exception {
        OrchestratorNode node = cluster.start("standing-by", ticker);

        node.scheduler().standby();
        anHourLater(node, null);

        Result result = health(node);
        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).contains("scheduler thread not running (scheduler in standby)");
        node.scheduler().start();
        assertThat(health(node).getMessage()).contains("scheduler thread progressed");
    }

    @Test
    void aNodeWhoseOutcomeWriterDiedStopsTakingFiresAndSaysWhy() throws Exception {
        schedule(db, "runs_through").cron(QuietCron.daily()).operation("sleep", "{\"seconds\": 2}").insert();
        OrchestratorNode node = cluster.start("writer-dies", ticker);
        node.service().trigger("runs_through", "tester", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "runs_through").size() == 1);

        ticker.failNextTickOf("orch-outcomes-writer-dies", new Error("simulated: the outcome writer's thread dies"));

        await().atMost(Duration.ofSeconds(10)).until(() -> node.scheduler().isInStandbyMode());
        Result result = health(node);
        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).startsWith("outcome writer DEAD: its thread died (java.lang.Error: simulated:"
                + " the outcome writer's thread dies); the node stopped taking fires (standby)");
        await("the attempt's worker records its own outcome").atMost(Duration.ofSeconds(10))
                .until(() -> runs(db, "runs_through").get(0).status().equals("SUCCESS"));
    }
}
