package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.CleanupOrphanedData;
import org.guardian.jobs.guardian.RefreshDataQualityMetrics;
import org.guardian.jobs.guardian.RefreshOrphanDetection;
import org.junit.jupiter.api.Test;
import org.postgresql.core.TransactionState;
import org.postgresql.jdbc.PgConnection;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardianOrphansIT {
    /** Orphans written without the view: the generator deletes medications and archives conditions. */
    private static final String INDEPENDENT_ORPHANS = """
            SELECT COUNT(*) FROM public.medical_data_relationships r WHERE NOT r.archived AND (
                (r.source_table = 'patient_medications'
                    AND NOT EXISTS (SELECT 1 FROM public.patient_medications x WHERE x.id = r.source_id AND NOT x.archived))
             OR (r.target_table = 'patient_medications'
                    AND NOT EXISTS (SELECT 1 FROM public.patient_medications x WHERE x.id = r.target_id AND NOT x.archived))
             OR (r.target_table = 'patient_conditions'
                    AND NOT EXISTS (SELECT 1 FROM public.patient_conditions x WHERE x.id = r.target_id AND NOT x.archived)))""";

    /** Archives three medications that live relationships still point at, making those relationships orphans. */
    private static final String ORPHAN_THREE_MORE = """
            UPDATE public.patient_medications SET archived = true WHERE id IN (
                SELECT r.source_id FROM public.medical_data_relationships r JOIN public.patient_medications m ON m.id = r.source_id
                 WHERE r.source_table = 'patient_medications' AND NOT r.archived AND NOT m.archived LIMIT 3)""";

    private final GuardianFixture fixture = new GuardianFixture();

    @Test
    void orphanDetectionCountsTheOrphansAnIndependentQueryFinds() throws Exception {
        fixture.withPatients(300);
        long orphans = fixture.count(INDEPENDENT_ORPHANS);

        OperationResult result = fixture.run(new RefreshOrphanDetection(), Map.of("refresh_materialized_views", true));

        assertThat(orphans).isPositive();
        assertThat(result.values()).containsEntry("refreshed", true).containsEntry("orphaned_relationships", orphans);
        assertThat(fixture.count("SELECT SUM(orphan_count) FROM public.orphaned_relationships_summary"))
                .isGreaterThanOrEqualTo(orphans);
    }

    @Test
    void seedDefect_summaryIndexCollidedForTwoTypesOnOnePath_refreshSucceeds() throws Exception {
        fixture.withPatients(20);
        fixture.execute("INSERT INTO public.relationship_types (type, valid_source_tables, valid_target_tables)"
                + " VALUES ('prescribed_for', '{patient_medications}', '{patient_conditions}');"
                + " INSERT INTO public.medical_data_relationships (patient_id, source_table, source_id, target_table, target_id, relationship_type)"
                + " SELECT patient_id, 'patient_medications', gen_random_uuid(), 'patient_conditions', id, t"
                + "   FROM (SELECT patient_id, id FROM public.patient_conditions WHERE NOT archived LIMIT 1) c,"
                + "        unnest(ARRAY['treats', 'prescribed_for']) t");

        fixture.run(new RefreshOrphanDetection(), Map.of());

        assertThat(fixture.count("SELECT COUNT(*) FROM public.orphaned_relationships_summary"
                + " WHERE relationship_path = 'patient_medications -> patient_conditions' AND orphan_type = 'missing_source'"))
                .isEqualTo(2);
    }

    @Test
    void dataQualityMetricsMatchTheTables() throws Exception {
        fixture.withPatients(100);

        OperationResult result = fixture.run(new RefreshDataQualityMetrics(), Map.of("include_performance_stats", true));

        assertThat(fixture.count("SELECT total_records FROM public.data_quality_metrics WHERE table_name = 'patient_medications'"))
                .isEqualTo(fixture.count("SELECT COUNT(*) FROM public.patient_medications"));
        assertThat(fixture.count("SELECT pending_review FROM public.data_quality_metrics WHERE table_name = 'patient_conditions'"))
                .isEqualTo(fixture.count("SELECT COUNT(*) FROM public.patient_conditions WHERE requires_review"));
        assertThat(result.values()).containsKeys("tables", "performance_stats");
    }

    @Test
    void cleanupArchivesEveryOrphanInBatchesAndNothingElse() throws Exception {
        fixture.withPatients(300);
        long orphans = fixture.count(INDEPENDENT_ORPHANS);
        long live = fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships");

        OperationResult result = fixture.run(new CleanupOrphanedData(), Map.of("batch_size", 7, "max_duration_minutes", 45));

        assertThat(result.values()).containsEntry("relationships_archived", orphans)
                .containsEntry("batches", (int) ((orphans + 6) / 7));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships_archive")).isEqualTo(orphans);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships")).isEqualTo(live - orphans);
        assertThat(fixture.count(INDEPENDENT_ORPHANS)).isZero();
    }

    @Test
    void cleanupStartsNoNewBatchOnceTheBudgetIsSpent() throws Exception {
        fixture.withPatients(300);

        OperationResult result = fixture.run(new CleanupOrphanedData(), Map.of("batch_size", 5, "max_duration_minutes", 45),
                new GuardianCacheQueueIT.SteppingClock(Duration.ofMinutes(46)));

        assertThat(result.values()).containsEntry("batches", 1).containsEntry("relationships_archived", 5L)
                .containsEntry("budget_exhausted", true);
    }

    @Test
    void cleanupCancelledMidBatchArchivesNothingAndLeavesNoOpenTransaction() throws Exception {
        fixture.withPatients(300);
        long live = fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships");
        CleanupOrphanedData operation = new CleanupOrphanedData();
        TestOperationContext context = fixture.context(operation, Map.of("batch_size", 1000), Clock.systemUTC());
        try (context; StatementGate gate = StatementGate.close(fixture.db, "medical_data_relationships_archive")) {
            long pid = StatementGate.backendPid(context.connection());
            CompletableFuture<OperationResult> cleanup = CompletableFuture.supplyAsync(() -> {
                try {
                    return operation.execute(context);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            gate.awaitWaiting(pid);

            context.cancel();
            fixture.execute("SELECT pg_cancel_backend(" + pid + ")");

            assertThatThrownBy(() -> cleanup.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SQLException.class);
            assertThat(context.connection().getAutoCommit()).isTrue();
            assertThat(context.connection().unwrap(PgConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships_archive")).isZero();
        assertThat(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships")).isEqualTo(live);
    }

    @Test
    void cleanupWorksFromTheOrphansFoundAtItsStartNotOnesThatAppearWhileItRuns() throws Exception {
        fixture.withPatients(300);
        long orphansAtStart = fixture.count(INDEPENDENT_ORPHANS);
        CleanupOrphanedData operation = new CleanupOrphanedData();
        OperationResult result;
        try (TestOperationContext context = fixture.context(operation, Map.of("batch_size", 5), Clock.systemUTC())) {
            AtomicBoolean orphaned = new AtomicBoolean();
            context.onEachCheck(() -> {
                if (!orphaned.getAndSet(true)) {
                    fixture.execute(ORPHAN_THREE_MORE);
                }
            });
            result = operation.execute(context);
        }
        long appeared = fixture.count(INDEPENDENT_ORPHANS);

        assertThat(result.values()).containsEntry("relationships_archived", orphansAtStart);
        assertThat(appeared).isPositive();
        assertThat(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships_archive")).isEqualTo(orphansAtStart);
    }
}
