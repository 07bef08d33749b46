package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.CheckPerformanceAlerts;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GuardianAlertsIT {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final GuardianFixture fixture = new GuardianFixture();
    private final CheckPerformanceAlerts operation = new CheckPerformanceAlerts();

    @Test
    void seedDefect_cacheHitRatioAlertedWhenHealthy_noAlertWhileAboveItsThresholds() throws Exception {
        fixture.withPatients(50);
        onlyThreshold("cache_hit_ratio_percent", 50, 40);
        fixture.run(operation, Map.of(), at(NOW));
        cachedReadsSeenByTheStatistics();

        OperationResult result = fixture.run(operation, Map.of(), at(NOW.plus(Duration.ofMinutes(6))));

        assertThat(result.values()).containsEntry("metrics_measured", 1);
        assertThat((List<?>) result.values().get("alerts_raised")).isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isZero();
    }

    @Test
    void cacheHitRatioBelowItsWarningThresholdRaisesAWarning() throws Exception {
        fixture.withPatients(50);
        onlyThreshold("cache_hit_ratio_percent", 100.5, -1);
        fixture.run(operation, Map.of(), at(NOW));
        cachedReadsSeenByTheStatistics();

        fixture.run(operation, Map.of(), at(NOW.plus(Duration.ofMinutes(6))));

        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts"
                + " WHERE metric_name = 'cache_hit_ratio_percent' AND severity = 'WARNING' AND direction = 'below'")).isEqualTo(1);
    }

    @Test
    void aCounterMetricIsMeasuredOverItsMeasurementWindowNotSinceTheStatisticsBegan() throws Exception {
        fixture.withPatients(50);
        onlyThreshold("cache_hit_ratio_percent", 100.5, -1);

        OperationResult first = fixture.run(operation, Map.of(), at(NOW));
        cachedReadsSeenByTheStatistics();
        OperationResult withinTheWindow = fixture.run(operation, Map.of(), at(NOW.plus(Duration.ofMinutes(4))));

        assertThat(first.values()).containsEntry("awaiting_window", List.of("cache_hit_ratio_percent"));
        assertThat(withinTheWindow.values()).containsEntry("awaiting_window", List.of("cache_hit_ratio_percent"));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isZero();
        fixture.run(operation, Map.of(), at(NOW.plus(Duration.ofMinutes(5))));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isEqualTo(1);
    }

    @Test
    void aRecentWarningDoesNotSilenceAnEscalationToCritical() throws Exception {
        fixture.withPatients(120);
        onlyThreshold("pending_cache_invalidations", 100, 1000);
        fixture.run(operation, Map.of(), at(NOW));
        onlyThreshold("pending_cache_invalidations", 100, 110);

        OperationResult escalated = fixture.run(operation, Map.of(), at(NOW.plus(Duration.ofMinutes(1))));
        OperationResult again = fixture.run(operation, Map.of(), at(NOW.plus(Duration.ofMinutes(2))));

        assertThat((List<?>) escalated.values().get("alerts_raised")).hasSize(1);
        assertThat(again.values().get("rate_limited")).isEqualTo(List.of("pending_cache_invalidations"));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts WHERE severity = 'CRITICAL'")).isEqualTo(1);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isEqualTo(2);
    }

    @Test
    void pendingInvalidationsAboveThresholdRequestARunOfTheQueueProcessorNotSql() throws Exception {
        fixture.withPatients(120);
        onlyThreshold("pending_cache_invalidations", 100, 1000);

        try (TestOperationContext context = fixture.context(operation, Map.of("enable_auto_responses", true),
                Clock.fixed(NOW, ZoneId.of("UTC")))) {
            operation.execute(context);
            assertThat(context.requestedRuns()).containsExactly("process_cache_invalidation_queue");
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts WHERE metric_name = 'pending_cache_invalidations'"
                + " AND severity = 'WARNING' AND current_value = 120 AND auto_response_requested")).isEqualTo(1);
    }

    @Test
    void tooManyActiveConnectionsRequestARunOfThePoolHealthCheck() throws Exception {
        fixture.withPatients(0);
        onlyThreshold("active_connections", 1, 1000);

        try (TestOperationContext context = fixture.context(operation, Map.of(), at(NOW))) {
            operation.execute(context);
            assertThat(context.requestedRuns()).containsExactly("check_connection_pool_health");
        }
    }

    @Test
    void noAutoResponseWhenAutoResponsesAreDisabled() throws Exception {
        fixture.withPatients(120);
        onlyThreshold("pending_cache_invalidations", 100, 1000);

        try (TestOperationContext context = fixture.context(operation, Map.of("enable_auto_responses", false),
                Clock.fixed(NOW, ZoneId.of("UTC")))) {
            operation.execute(context);
            assertThat(context.requestedRuns()).isEmpty();
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isEqualTo(1);
    }

    @Test
    void anAlertIsRecordedAtMostOncePerAlertFrequency() throws Exception {
        fixture.withPatients(120);
        onlyThreshold("pending_cache_invalidations", 100, 1000);

        fixture.run(operation, Map.of(), Clock.fixed(NOW, ZoneId.of("UTC")));
        OperationResult again = fixture.run(operation, Map.of(), Clock.fixed(NOW.plus(Duration.ofMinutes(14)), ZoneId.of("UTC")));
        assertThat(again.values().get("rate_limited")).isEqualTo(List.of("pending_cache_invalidations"));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isEqualTo(1);

        fixture.run(operation, Map.of(), Clock.fixed(NOW.plus(Duration.ofMinutes(16)), ZoneId.of("UTC")));
        assertThat(fixture.count("SELECT COUNT(*) FROM public.performance_alerts")).isEqualTo(2);
    }

    @Test
    void metricsFromPgStatStatementsAreReportedUnmeasuredWhenItIsAbsent() throws Exception {
        fixture.withPatients(0);

        OperationResult result = fixture.run(operation, Map.of(), Clock.fixed(NOW, ZoneId.of("UTC")));

        assertThat(result.values()).containsEntry("pg_stat_statements", "absent");
        assertThat(list(result.values().get("unmeasured"))).contains("avg_query_duration_ms", "slow_queries_per_minute");
        assertThat(result.values()).containsEntry("metrics_measured", 4)
                .containsEntry("awaiting_window", List.of("cache_hit_ratio_percent"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @Test
    void theOrphanCountIsEachRelationshipTheOrphanViewListsCountedOnce() throws Exception {
        fixture.withPatients(120);
        fixture.execute("UPDATE public.medical_data_relationships SET source_id = gen_random_uuid(), target_id = gen_random_uuid()"
                + " WHERE id = (SELECT id FROM public.medical_data_relationships WHERE relationship_type = 'treats'"
                + " AND archived IS NOT TRUE ORDER BY id LIMIT 1)");
        onlyThreshold("orphaned_relationships", 1e9, 2e9);

        OperationResult result = fixture.run(operation, Map.of(), at(NOW));

        assertThat(fixture.count("SELECT COUNT(*) - COUNT(DISTINCT relationship_id) FROM public.orphaned_relationships"))
                .as("relationships missing both ends, listed twice by the view").isPositive();
        double inTheView = fixture.count("SELECT COUNT(DISTINCT relationship_id) FROM public.orphaned_relationships");
        assertThat(result.values()).containsEntry("measurements", Map.of("orphaned_relationships", inTheView));
    }

    private void onlyThreshold(String metric, double warning, double critical) {
        fixture.execute("UPDATE public.performance_alert_thresholds SET is_enabled = (metric_name = '" + metric + "');"
                + " UPDATE public.performance_alert_thresholds SET warning_threshold = " + warning
                + ", critical_threshold = " + critical + " WHERE metric_name = '" + metric + "'");
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneId.of("UTC"));
    }

    /** Reads of cached tables, each on a session of its own, until the statistics (flushed as sessions end) count them. */
    private void cachedReadsSeenByTheStatistics() {
        String hits = "SELECT COALESCE(SUM(heap_blks_hit), 0) FROM pg_statio_user_tables";
        long before = fixture.count(hits);
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.count("SELECT COUNT(*) FROM public.patients") >= 0
                && fixture.count(hits) > before);
    }
}
