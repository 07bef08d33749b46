package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.GenerateMonthlyReports;
import org.guardian.jobs.guardian.MonitorSlowQueries;
import org.guardian.jobs.guardian.ProcessCacheInvalidationQueue;
import org.guardian.jobs.guardian.UpdatePerformanceBaselines;
import org.guardian.jobs.guardian.WeeklyPerformanceBenchmark;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GuardianStatisticsIT {
    private static final Clock APRIL_2026 = Clock.fixed(Instant.parse("2026-04-01T06:00:00Z"), ZoneId.of("UTC"));
    private final GuardianFixture fixture = new GuardianFixture();

    @Test
    void baselinesSucceedAndSaySoWhenPgStatStatementsIsAbsent() throws Exception {
        fixture.withPatients(0);

        OperationResult result = fixture.run(new UpdatePerformanceBaselines(), Map.of("min_query_calls", 50));

        assertThat(result.values()).containsEntry("pg_stat_statements", "absent").containsEntry("baselines_updated", 0);
    }

    @Test
    void slowQueryMonitorSucceedsAndSaysSoWhenPgStatStatementsIsAbsent() throws Exception {
        fixture.withPatients(0);

        OperationResult result = fixture.run(new MonitorSlowQueries(), Map.of());

        assertThat(result.values()).containsEntry("pg_stat_statements", "absent");
    }

    @Test
    void monthlyReportIsWrittenOncePerMonthAndCountsThatMonthsAlerts() throws Exception {
        fixture.withPatients(20);
        fixture.execute("INSERT INTO public.performance_alerts (metric_name, severity, current_value, threshold_value, direction, raised_at)"
                + " VALUES ('orphaned_relationships', 'WARNING', 150, 100, 'above', '2026-03-15T10:00:00Z'),"
                + "        ('orphaned_relationships', 'WARNING', 160, 100, 'above', '2026-02-15T10:00:00Z')");

        OperationResult first = fixture.run(new GenerateMonthlyReports(), Map.of("include_performance_summary", true), APRIL_2026);
        OperationResult second = fixture.run(new GenerateMonthlyReports(), Map.of(), APRIL_2026);

        assertThat(first.values()).containsEntry("report_month", "2026-03-01").containsEntry("action", "created");
        assertThat(first.values()).containsEntry("current_figures", List.of("data_quality", "orphaned_relationships"))
                .containsEntry("figures_as_of", "2026-04-01T06:00:00Z");
        assertThat(second.values()).containsEntry("action", "replaced");
        assertThat(fixture.count("SELECT COUNT(*) FROM public.monthly_reports")).isEqualTo(1);
        assertThat(fixture.count("SELECT (report -> 'alerts' -> 0 ->> 'alerts')::int FROM public.monthly_reports")).isEqualTo(1);
    }

    @Test
    void seedDefect_benchmarkDividedByZeroOnAnEmptyDatabase_itRecordsZeroRecords() throws Exception {
        fixture.withPatients(0);

        OperationResult result = fixture.run(new WeeklyPerformanceBenchmark(), Map.of("run_full_benchmark_suite", true));

        Map<?, ?> cache = benchmark(result, "cache_refresh");
        assertThat(cache.get("records")).isEqualTo(0L);
        assertThat(cache.get("operations_per_second")).isNull();
        assertThat(fixture.count("SELECT COUNT(*) FROM public.query_performance_history")).isEqualTo(4);
    }

    @Test
    void seedDefect_benchmarkClaimedAThousandRecords_itReportsTheRowsItRead() throws Exception {
        fixture.withPatients(100);
        fixture.run(new ProcessCacheInvalidationQueue(), Map.of());

        OperationResult result = fixture.run(new WeeklyPerformanceBenchmark(), Map.of("run_full_benchmark_suite", false));

        assertThat(benchmark(result, "cache_refresh").get("records")).isEqualTo(100L);
        assertThat(benchmark(result, "relationship_scan").get("records"))
                .isEqualTo(Math.min(1000, fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships WHERE NOT archived")));
    }

    @Test
    void benchmarkRatesOrphanDetectionAndSearchByTheRowsTheyExamined_evenWhenNothingIsFound() throws Exception {
        fixture.withPatients(30);
        fixture.execute("UPDATE public.medical_data_relationships SET archived = true"
                + " WHERE id IN (SELECT relationship_id FROM public.orphaned_relationships)");
        fixture.execute("UPDATE public.documents SET content = 'discharge letter'");

        OperationResult result = fixture.run(new WeeklyPerformanceBenchmark(), Map.of("run_full_benchmark_suite", true));

        Map<?, ?> orphans = benchmark(result, "orphan_detection");
        assertThat(orphans.get("records"))
                .isEqualTo(fixture.count("SELECT COUNT(*) FROM public.medical_data_relationships WHERE archived IS NOT TRUE"));
        assertThat(orphans.get("found")).isEqualTo(0L);
        assertThat(orphans.get("operations_per_second")).isNotNull();
        Map<?, ?> search = benchmark(result, "document_search");
        assertThat(search.get("records")).isEqualTo(fixture.count("SELECT COUNT(*) FROM public.documents"));
        assertThat(search.get("found")).isEqualTo(0L);
        assertThat(search.get("operations_per_second")).isNotNull();
    }

    @Test
    void benchmarkFlagsARegressionAgainstEarlierMeasurements() throws Exception {
        fixture.withPatients(50);
        fixture.execute("INSERT INTO public.query_performance_history (query_hash, query_category, measured_duration_ms,"
                + " rows_examined, io_time_ms, measured_at) SELECT 'benchmark:relationship_scan', 'benchmark', 0.000001, 1000, 0,"
                + " now() - g * INTERVAL '1 day' FROM generate_series(1, 3) g");

        OperationResult result = fixture.run(new WeeklyPerformanceBenchmark(), Map.of("run_full_benchmark_suite", false));

        assertThat(benchmark(result, "relationship_scan").get("regression")).isEqualTo(true);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.query_performance_history WHERE regression_detected")).isEqualTo(1);
    }

    private static Map<?, ?> benchmark(OperationResult result, String name) {
        return ((List<?>) result.values().get("benchmarks")).stream().map(b -> (Map<?, ?>) b)
                .filter(b -> b.get("benchmark").equals(name)).findFirst().orElseThrow();
    }
}
