package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A node starting with firing stopped brings the schedules Quartz holds in step with the table
 * first (jobs of deleted schedules removed, edited ones reconciled), then fires while its first
 * pass is still adding the schedules Quartz lacks, the soonest due first (at 100,000 schedules
 * that pass takes half a minute).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FreshStartIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeOnAnEmptyQuartzStoreFiresTheSoonestDueWhileItsFirstPassGoesOn() throws Exception {
        CompletableFuture<OrchestratorNode> starting = startFiringWhileThePassWaits(() -> {
        });

        assertThat(starting.get(1, TimeUnit.MINUTES).synchronizer().fullPasses()).isEqualTo(1);
        assertThat(scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'zz_unregistered'")).contains("not registered");
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_name LIKE 'later\\_%'"))
                .isEqualTo("2000");
    }

    @Test
    void aNodeOnAStoreHoldingOnlyDeletedSchedulesRemovesThemThenFiresWhileItsFirstPassGoesOn() throws Exception {
        schedule(db, "old_every_second").cron("* * * * * ?").insert();
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'old_' || i, 'noop', '" + QuietCron.daily() + "' FROM generate_series(1, 600) i");
        cluster.stop(cluster.start("node-before", TestCluster::noPassesOfItsOwn));
        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name LIKE 'old\\_%'");
        Instant deleted = Instant.now();

        CompletableFuture<OrchestratorNode> starting = startFiringWhileThePassWaits(() -> assertThat(scalar(db,
                "SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_name LIKE 'old\\_%'"))
                .as("the deleted schedules' jobs, removed before firing started").isEqualTo("0"));

        starting.get(1, TimeUnit.MINUTES);
        assertThat(runs(db, "old_every_second")).as("runs of the deleted schedule after its deletion")
                .noneMatch(run -> run.fireTime().isAfter(deleted));
    }

    @Test
    void aNodeOnAStoreHoldingSomeSchedulesReconcilesThoseThenFiresWhileItAddsTheOthers() throws Exception {
        schedule(db, "kept_every_second").cron("* * * * * ?").insert();
        schedule(db, "kept_paused_by_sql").cron("* * * * * ?").insert();
        cluster.stop(cluster.start("node-before", TestCluster::noPassesOfItsOwn));
        db.execute("UPDATE orchestrator.maintenance_schedules SET paused = true"
                + " WHERE operation_name = 'kept_paused_by_sql'");
        Instant paused = Instant.now();

        CompletableFuture<OrchestratorNode> starting = startFiringWhileThePassWaits(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> !runs(db, "kept_every_second").isEmpty());
            assertThat(runs(db, "kept_paused_by_sql")).as("runs of the held schedule after its pause")
                    .noneMatch(run -> run.fireTime().isAfter(paused));
        });

        starting.get(1, TimeUnit.MINUTES);
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_name LIKE 'later\\_%'"))
                .isEqualTo("2000");
    }

    /**
     * Adds 2,000 schedules due later, one every second and one this node cannot run, and starts a
     * node while the last one's row is locked (the pass's last step, recording why it is blocked,
     * waits for it): {@code whilePassWaits} runs once the every-second one has run twice meanwhile.
     */
    private CompletableFuture<OrchestratorNode> startFiringWhileThePassWaits(Runnable whilePassWaits) throws Exception {
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'later_' || i, 'noop', '" + QuietCron.daily() + "' FROM generate_series(1, 2000) i");
        schedule(db, "zz_every_second").cron("* * * * * ?").insert();
        schedule(db, "zz_unregistered").operation("no_such_operation", "{}").cron(QuietCron.daily()).insert();
        try (Connection holder = db.dataSource().getConnection(); Statement sql = holder.createStatement()) {
            holder.setAutoCommit(false);
            sql.execute("SELECT 1 FROM orchestrator.maintenance_schedules WHERE operation_name = 'zz_unregistered'"
                    + " FOR UPDATE");
            CompletableFuture<OrchestratorNode> starting = cluster.startInBackground("node-a",
                    TestCluster::noPassesOfItsOwn);

            await().atMost(Duration.ofSeconds(30)).until(() -> runs(db, "zz_every_second").size() >= 2);
            assertThat(starting).as("the first pass still waits for the held row").isNotDone();
            whilePassWaits.run();
            holder.rollback();
            return starting;
        }
    }
}
