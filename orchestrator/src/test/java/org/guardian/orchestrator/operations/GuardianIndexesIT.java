package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.MaintainDatabaseIndexes;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** maintain_database_indexes on the real pgstatindex, which only a superuser can install (the migration does). */
@NeedsServer(ServerNeed.SUPERUSER)
class GuardianIndexesIT {
    private final GuardianFixture fixture = new GuardianFixture();

    @Test
    void reindexesOnlyIndexesAboveTheBloatThresholdAndReportsSizes() throws Exception {
        bloatLabResultsPrimaryKey();

        OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of("reindex_threshold_percent", 20));

        List<?> reindexed = (List<?>) result.values().get("reindexed");
        Map<?, ?> pkey = reindexed.stream().map(r -> (Map<?, ?>) r)
                .filter(r -> r.get("index").equals("patient_lab_results_pkey")).findFirst().orElseThrow();
        assertThat((Long) pkey.get("size_after_bytes")).isLessThan((Long) pkey.get("size_before_bytes"));
        assertThat(fixture.count("SELECT avg_leaf_density FROM public.pgstatindex('public.patient_lab_results_pkey')"))
                .isGreaterThan(70);
    }

    @Test
    void reindexesNothingWhenNoIndexExceedsTheThreshold() throws Exception {
        bloatLabResultsPrimaryKey();

        OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of("reindex_threshold_percent", 100));

        assertThat(result.values()).containsEntry("pgstattuple", "present").containsEntry("indexes_reindexed", 0);
    }

    @Test
    void withoutPgstattupleMeasuresNothingAndSaysSo() throws Exception {
        fixture.withPatients(0);
        fixture.execute("DROP EXTENSION pgstattuple");
        try {
            OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of());

            assertThat(result.values()).containsEntry("pgstattuple", "absent").containsEntry("indexes_reindexed", 0);
        } finally {
            fixture.execute("CREATE EXTENSION pgstattuple SCHEMA public");
        }
    }

    @Test
    void aRebuildCutByItsTimeoutLeavesAnInvalidCopyThatTheNextRunDropsAndReports() throws Exception {
        bloatLabResultsPrimaryKey();
        cutAReindexOf("public.patient_lab_results_pkey");
        assertThat(fixture.invalidIndexes()).containsExactly("patient_lab_results_pkey_ccnew");

        OperationResult result = fixture.run(new MaintainDatabaseIndexes(), Map.of("reindex_threshold_percent", 100));

        assertThat(result.values().get("leftovers_dropped")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly("public.patient_lab_results_pkey_ccnew");
        assertThat(fixture.invalidIndexes()).isEmpty();
    }

    @Test
    void anIndexDroppedWhileTheRunMeasuresIsReportedGoneAndTheRunSucceeds() throws Exception {
        fixture.withPatients(0);
        fixture.execute("CREATE TABLE public.aaa_retiring (id int PRIMARY KEY)");
        try (Connection retirer = fixture.db.dataSource().getConnection(); Statement drop = retirer.createStatement()) {
            retirer.setAutoCommit(false);
            drop.execute("DROP TABLE public.aaa_retiring"); // as a partition retirement does, not yet committed
            CompletableFuture<OperationResult> run = CompletableFuture.supplyAsync(() -> fixture.runUnchecked(
                    new MaintainDatabaseIndexes(), Map.of()));
            await().atMost(Duration.ofSeconds(20)).until(() -> fixture.count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE '%pg_index%'") == 1);
            retirer.commit();

            OperationResult result = run.get(30, TimeUnit.SECONDS);

            assertThat(result.values().get("indexes_gone")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactly("public.aaa_retiring_pkey");
        }
    }

    /**
     * Starts REINDEX CONCURRENTLY while a writer's transaction is open: after creating the new copy
     * it waits for that writer, and is cut there by its statement timeout, as the timeout guard would.
     */
    private void cutAReindexOf(String index) throws SQLException {
        try (Connection writer = fixture.db.dataSource().getConnection();
             Connection reindexer = fixture.db.dataSource().getConnection();
             Statement writes = writer.createStatement(); Statement reindex = reindexer.createStatement()) {
            writer.setAutoCommit(false);
            writes.execute("UPDATE public.patient_lab_results SET test_name = test_name"
                    + " WHERE id = (SELECT id FROM public.patient_lab_results LIMIT 1)");
            reindex.execute("SET statement_timeout = '1s'");
            assertThatThrownBy(() -> reindex.execute("REINDEX INDEX CONCURRENTLY " + index))
                    .hasMessageContaining("statement timeout");
            writer.rollback();
        }
    }

    private void bloatLabResultsPrimaryKey() {
        fixture.bloatLabResultsPrimaryKey();
    }
}
