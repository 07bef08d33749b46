package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Guardian's benchmark suite: dashboard cache refresh of up to 100 cached patients and a 1,000-row
 * relationship scan; the full suite adds orphan detection and a document full-text search. Each
 * measurement goes into query_performance_history and is flagged a regression when it is more than
 * 1.5 times the average of at least three earlier ones of the last 30 days.
 */
public final class WeeklyPerformanceBenchmark implements Operation {
    private static final double REGRESSION_FACTOR = 1.5;
    private static final String PREVIOUS_AVERAGE = """
            SELECT AVG(measured_duration_ms)::float8 FROM public.query_performance_history
             WHERE query_hash = ? AND measured_at < ? AND measured_at >= ?::timestamptz - INTERVAL '30 days'
            HAVING COUNT(*) >= 3""";

    @Override
    public String name() {
        return "weekly_performance_benchmark";
    }

    @Override
    public String description() {
        return "Times cache refresh, relationship scan, orphan detection and document search; records and flags regressions.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.bool("run_full_benchmark_suite", true,
                "also time orphan detection and document full-text search"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        List<BenchmarkMeasurement> measurements = new ArrayList<>();
        measurements.add(cacheRefresh(connection));
        context.checkCancelled();
        measurements.add(timeCount(connection, "relationship_scan",
                "SELECT COUNT(*) FROM (SELECT 1 FROM public.medical_data_relationships WHERE archived IS NOT TRUE LIMIT 1000) s"));
        if (context.config().getBoolean("run_full_benchmark_suite")) {
            context.checkCancelled();
            measurements.add(timeSearch(connection, "orphan_detection",
                    "SELECT COUNT(*) FROM public.medical_data_relationships WHERE archived IS NOT TRUE",
                    "SELECT COUNT(*) FROM public.orphaned_relationships"));
            context.checkCancelled();
            measurements.add(timeSearch(connection, "document_search", "SELECT COUNT(*) FROM public.documents",
                    "SELECT COUNT(*) FROM public.documents"
                    + " WHERE to_tsvector('english', content) @@ plainto_tsquery('english', 'medication')"));
        }
        Timestamp now = Timestamp.from(context.clock().instant());
        List<Map<String, Object>> results = new ArrayList<>();
        for (BenchmarkMeasurement m : measurements) {
            results.add(record(connection, m, now));
        }
        long regressions = results.stream().filter(r -> Boolean.TRUE.equals(r.get("regression"))).count();
        return OperationResult.builder().put("benchmarks", results).put("regressions", regressions).build();
    }

    private static BenchmarkMeasurement cacheRefresh(Connection connection) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        for (String id : Jdbc.queryStrings(connection,
                "SELECT patient_id::text FROM public.user_dashboard_cache ORDER BY cache_updated_at, patient_id LIMIT 100")) {
            ids.add(UUID.fromString(id));
        }
        long start = System.nanoTime();
        long refreshed = ids.isEmpty() ? 0 : DashboardCacheRefresher.refresh(connection, ids);
        return new BenchmarkMeasurement("cache_refresh", refreshed, (System.nanoTime() - start) / 1e6);
    }

    private static BenchmarkMeasurement timeCount(Connection connection, String name, String countSql) throws SQLException {
        long start = System.nanoTime();
        long records = Jdbc.queryLong(connection, countSql);
        return new BenchmarkMeasurement(name, records, (System.nanoTime() - start) / 1e6);
    }

    /** A search is rated by the rows it examines (counted beforehand, untimed), not by what it finds. */
    private static BenchmarkMeasurement timeSearch(Connection connection, String name, String examinedSql, String foundSql)
            throws SQLException {
        long examined = Jdbc.queryLong(connection, examinedSql);
        long start = System.nanoTime();
        long found = Jdbc.queryLong(connection, foundSql);
        return new BenchmarkMeasurement(name, examined, (System.nanoTime() - start) / 1e6, found);
    }

    private static Map<String, Object> record(Connection connection, BenchmarkMeasurement m, Timestamp now) throws SQLException {
        Object previous = Jdbc.queryValue(connection, PREVIOUS_AVERAGE, m.queryHash(), now, now);
        boolean regression = previous != null && m.durationMs() > ((Number) previous).doubleValue() * REGRESSION_FACTOR;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("benchmark", m.name());
        row.put("records", m.records());
        if (m.found() != null) {
            row.put("found", m.found());
        }
        row.put("duration_ms", Math.round(m.durationMs() * 100) / 100.0);
        row.put("operations_per_second", m.operationsPerSecond());
        row.put("regression", regression);
        Jdbc.update(connection, """
                INSERT INTO public.query_performance_history (query_hash, query_category, measured_duration_ms, rows_examined,
                    io_time_ms, measured_at, database_version, regression_detected, details)
                VALUES (?, 'benchmark', ?, ?, 0, ?, current_setting('server_version'), ?,
                        jsonb_build_object('operations_per_second', ?::numeric, 'ms_per_record', ?::numeric, 'previous_avg_ms', ?::numeric))""",
                m.queryHash(), m.durationMs(), m.records(), now, regression, m.operationsPerSecond(), m.msPerRecord(), previous);
        return row;
    }
}
