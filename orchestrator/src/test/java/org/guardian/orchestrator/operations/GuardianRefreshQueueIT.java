package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.CheckConnectionPoolHealth;
import org.guardian.jobs.guardian.ProcessMaterializedViewRefreshQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The materialized-view refresh queue (filled by writes, emptied by its processor) and the pool health check. */
@Timeout(120)
class GuardianRefreshQueueIT {
    private static final String ALLERGIES = "SELECT total_records FROM public.data_quality_metrics WHERE table_name = 'patient_allergies'";
    private final GuardianFixture fixture = new GuardianFixture();

    @Test
    void aWriteQueuesTheViewsItsTableFeedsAndOneRunRefreshesEachOnce() throws Exception {
        fixture.withPatients(20);
        fixture.execute("REFRESH MATERIALIZED VIEW public.data_quality_metrics; DELETE FROM public.materialized_view_refresh_queue");
        long before = fixture.count(ALLERGIES);

        fixture.execute("DELETE FROM public.patient_allergies WHERE id IN (SELECT id FROM public.patient_allergies LIMIT 3)");
        fixture.execute("UPDATE public.patient_allergies SET requires_review = requires_review");
        long queued = fixture.count("SELECT COUNT(*) FROM public.materialized_view_refresh_queue");
        OperationResult first = fixture.run(new ProcessMaterializedViewRefreshQueue(), Map.of());
        OperationResult second = fixture.run(new ProcessMaterializedViewRefreshQueue(), Map.of());

        assertThat(queued).isEqualTo(2);
        assertThat(first.values()).containsEntry("views_refreshed", List.of("data_quality_metrics", "orphaned_relationships_summary"));
        assertThat(fixture.count(ALLERGIES)).isEqualTo(before - 3);
        assertThat(second.values()).containsEntry("views_refreshed", List.of());
        assertThat(fixture.count("SELECT COUNT(*) FROM public.materialized_view_refresh_queue")).isZero();
    }

    @Test
    void aQueuedNameThatIsNotAGuardianMaterializedViewIsDroppedAndReported() throws Exception {
        fixture.withPatients(0);
        fixture.execute("DELETE FROM public.materialized_view_refresh_queue;"
                + " INSERT INTO public.materialized_view_refresh_queue (view_name) VALUES ('patients')");

        OperationResult result = fixture.run(new ProcessMaterializedViewRefreshQueue(), Map.of());

        assertThat(result.values()).containsEntry("views_refreshed", List.of()).containsEntry("unknown_views", List.of("patients"));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.materialized_view_refresh_queue")).isZero();
    }

    @Test
    void poolHealthGradesTheSessionsAgainstMaxConnections() throws Exception {
        OperationResult result = fixture.run(new CheckConnectionPoolHealth(), Map.of());

        List<?> metrics = (List<?>) result.values().get("metrics");
        assertThat(metrics.stream().map(m -> String.valueOf(((Map<?, ?>) m).get("metric"))).toList())
                .containsExactly("active_connections", "idle_connections", "total_connections");
        Map<?, ?> active = (Map<?, ?>) metrics.get(0);
        assertThat((Long) active.get("current_value")).isGreaterThanOrEqualTo(1L);
        assertThat((Integer) active.get("recommended_max"))
                .isEqualTo((int) fixture.count("SELECT current_setting('max_connections')::int / 2"));
        assertThat(result.values().get("status")).isIn("OK", "WARNING", "CRITICAL");
    }
}
