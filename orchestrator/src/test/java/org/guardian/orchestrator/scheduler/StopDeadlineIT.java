package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.StubbornOperation;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** A stopping node stops within one deadline, whatever its attempts and its outcome writer do. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StopDeadlineIT {
    private static final int SHUTDOWN_TIMEOUT_S = 1;
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeStopsWithinItsDeadlineWhileAnOperationIgnoresInterruptsAndAnOutcomeCannotBeWritten() throws Exception {
        schedule(db, "spins").cron(QuietCron.daily()).operation("stubborn", "{\"seconds\": 8}")
                .maxDuration("10 minutes").insert();
        schedule(db, "times_out").cron(QuietCron.daily()).operation("sleep", "{\"seconds\": 30}")
                .maxDuration("2 seconds").insert();
        OrchestratorNode node = cluster.start("stopping", s -> s.setShutdownTimeoutSeconds(SHUTDOWN_TIMEOUT_S));
        node.service().trigger("spins", "tester", false);
        node.service().trigger("times_out", "tester", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> StubbornOperation.RUNNING.get()
                && runs(db, "times_out").size() == 1);

        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT 1 FROM orchestrator.maintenance_schedules"
                    + " WHERE operation_name = 'times_out' FOR UPDATE");
            // the attempt times out; its worker then waits for a record that the writer cannot write
            await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(scalar(db, "SELECT count(*)"
                    + " FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH I AS%'")));

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> stop(node));

            await().atMost(Duration.ofSeconds(SHUTDOWN_TIMEOUT_S + 5 + 5)).until(stopping::isDone);
            assertThat(runs(db, "spins").get(0).status()).as("interrupted and handed over").isEqualTo("INTERRUPTED");
            lock.rollback();
        }
    }

    private void stop(OrchestratorNode node) {
        try {
            cluster.stop(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
