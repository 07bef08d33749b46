package org.guardian.orchestrator.operations;

import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Guardian operations run by a node (Quartz, the attempt runner, the timeout guard), not called directly. */
@Timeout(180)
class GuardianThroughANodeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NEVER = QuietCron.daily();
    private final TestDatabase db = TestDatabase.get();
    private final GuardianFixture fixture = new GuardianFixture();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void theQueueProcessorRefreshesEveryQueuedPatientAndEmptiesTheQueue() throws Exception {
        fixture.withPatients(50);
        schedule(db, "process_cache_invalidation_queue").cron(NEVER)
                .operation("process_cache_invalidation_queue", "{\"batch_size\": 20}").insert();
        cluster.start("node-a");

        service().trigger("process_cache_invalidation_queue", "tester", false);

        RunRow run = awaitFinished("process_cache_invalidation_queue", 1);
        assertThat(run.status()).isEqualTo("SUCCESS");
        assertThat(result("process_cache_invalidation_queue", "patients_refreshed")).isEqualTo("50");
        assertThat(fixture.count("SELECT COUNT(*) FROM public.cache_invalidation_queue")).isZero();
    }

    @Test
    @NeedsServer(ServerNeed.SUPERUSER)
    void anIndexRebuildCutByItsTimeoutEndsTimeoutAndTheNextRunDropsItsLeftover() throws Exception {
        fixture.bloatLabResultsPrimaryKey();
        schedule(db, "maintain_database_indexes").cron(NEVER).maxDuration("4 seconds")
                .operation("maintain_database_indexes", "{\"reindex_threshold_percent\": 50}").insert();
        cluster.start("node-a");
        try (Connection writer = db.dataSource().getConnection(); Statement writes = writer.createStatement()) {
            writer.setAutoCommit(false);
            writes.execute("UPDATE public.patient_lab_results SET test_name = test_name"
                    + " WHERE id = (SELECT id FROM public.patient_lab_results LIMIT 1)");

            service().trigger("maintain_database_indexes", "tester", false);

            assertThat(awaitFinished("maintain_database_indexes", 1).status()).isEqualTo("TIMEOUT");
            writer.rollback();
        }
        List<String> leftovers = fixture.invalidIndexes();
        assertThat(leftovers).hasSize(1).allMatch(name -> name.endsWith("_ccnew"));

        service().trigger("maintain_database_indexes", "tester", false);

        assertThat(awaitFinished("maintain_database_indexes", 2).status()).isEqualTo("SUCCESS");
        assertThat(result("maintain_database_indexes", "leftovers_dropped")).isEqualTo("[\"public." + leftovers.get(0) + "\"]");
        assertThat(fixture.invalidIndexes()).isEmpty();
    }

    @Test
    void anAlertsAutoResponseRunsTheScheduleItNames() throws Exception {
        fixture.withPatients(120);
        fixture.execute("UPDATE public.performance_alert_thresholds SET is_enabled = (metric_name = 'pending_cache_invalidations');"
                + " UPDATE public.performance_alert_thresholds SET warning_threshold = 100 WHERE metric_name = 'pending_cache_invalidations'");
        schedule(db, "check_performance_alerts").cron(NEVER).operation("check_performance_alerts", "{}").insert();
        schedule(db, "process_cache_invalidation_queue").cron(NEVER).operation("process_cache_invalidation_queue", "{}").insert();
        cluster.start("node-a");

        service().trigger("check_performance_alerts", "tester", false);

        assertThat(awaitFinished("process_cache_invalidation_queue", 1).status()).isEqualTo("SUCCESS");
        assertThat(runs(db, "check_performance_alerts")).extracting(RunRow::status).containsExactly("SUCCESS");
        assertThat(scalar(db, "SELECT response_result FROM public.performance_alerts"))
                .isEqualTo("run of process_cache_invalidation_queue requested");
        assertThat(fixture.count("SELECT COUNT(*) FROM public.cache_invalidation_queue")).isZero();
    }

    private ScheduleService service() {
        return cluster.nodes().get(0).service();
    }

    /** Waits until the schedule has {@code count} finished attempts and returns the latest. */
    private RunRow awaitFinished(String schedule, int count) {
        await().atMost(WAIT).until(() -> {
            List<RunRow> runs = runs(db, schedule);
            return runs.size() >= count && runs.stream().noneMatch(r -> r.status().equals("RUNNING"));
        });
        List<RunRow> runs = runs(db, schedule);
        return runs.get(runs.size() - 1);
    }

    private String result(String schedule, String key) {
        return scalar(db, "SELECT result ->> '" + key + "' FROM orchestrator.job_runs WHERE schedule_name = '" + schedule
                + "' ORDER BY id DESC LIMIT 1");
    }
}
