package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.demo.DemoDataGenerator;
import org.guardian.jobs.guardian.CheckPerformanceAlerts;
import org.guardian.jobs.guardian.MonitorSlowQueries;
import org.guardian.jobs.guardian.UpdatePerformanceBaselines;
import org.guardian.orchestrator.db.DatabaseMigrator;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.PgProviders;
import org.guardian.orchestrator.testing.pg.PgServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics operations on a server of their own started with pg_stat_statements in
 * shared_preload_libraries, after real query traffic: figures from the statistics, with the
 * columns of the installed extension version (also an older one than the server's).
 */
@NeedsServer(ServerNeed.SERVER_SETTINGS)
@Timeout(180)
class PgStatStatementsLoadedIT {
    private static final String SLOW = "SELECT pg_sleep(?) AS pgss_traffic";
    /** Its own statement: pg_stat_statements ignores column aliases, so it needs another shape. */
    private static final String MIXED = "SELECT pg_sleep(?), 'mixed', 'calls' AS pgss_mixed";
    private static final String BASELINE = "SELECT baseline_duration_ms::float8 FROM public.analytics_query_baselines"
            + " WHERE query_hash = md5('SELECT pg_sleep($1) AS pgss_traffic')";
    private static PgServer server;
    private static OwnDatabase guardian;

    @BeforeAll
    static void startAServerThatPreloadsTheLibrary() throws Exception {
        server = PgProviders.get().startWith("pgss", Map.of("shared_preload_libraries", "pg_stat_statements"));
        guardian = migrated("pgss_current", "CREATE EXTENSION pg_stat_statements");
        try (Connection connection = guardian.dataSource().getConnection()) {
            DemoDataGenerator.generate(connection, 30, 42);
        }
        guardian.traffic(SLOW, 0.02, 60);
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slowQueriesAreListedWithTheirMeanTimeAndCalls() throws Exception {
        guardian.execute("TRUNCATE public.analytics_query_baselines");

        OperationResult result = guardian.run(new MonitorSlowQueries(), Map.of("min_mean_time_ms", 10));

        assertThat(result.values()).containsEntry("pg_stat_statements", "present");
        Map<?, ?> slow = traffic(result);
        assertThat((Double) slow.get("avg_duration_ms")).isBetween(19.0, 500.0);
        assertThat((Long) slow.get("calls")).isGreaterThanOrEqualTo(60L);
        assertThat(slow.get("trend")).isEqualTo("NO_BASELINE");
    }

    @Test
    void baselinesAreRecordedFromTheStatisticsAndTheMonitorGradesAgainstThem() throws Exception {
        guardian.execute("TRUNCATE public.analytics_query_baselines");

        OperationResult baselines = guardian.run(new UpdatePerformanceBaselines(), Map.of("min_mean_time_ms", 10));
        OperationResult monitor = guardian.run(new MonitorSlowQueries(), Map.of("min_mean_time_ms", 10));

        assertThat((Integer) baselines.values().get("baselines_updated")).isGreaterThanOrEqualTo(1);
        assertThat((Double) guardian.value(BASELINE)).isBetween(19.0, 500.0);
        assertThat(traffic(monitor).get("trend")).isEqualTo("NORMAL");
    }

    @Test
    void statementMetricsAreRatesBetweenSnapshotsAMeasurementWindowApartNotLifetimeMeans() throws Exception {
        guardian.execute("TRUNCATE public.statistics_snapshots, public.performance_alerts");
        Map<String, Object> slowAbove100ms = Map.of("slow_query_ms", 100, "enable_auto_responses", false);
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        OperationResult first = guardian.run(new CheckPerformanceAlerts(), slowAbove100ms, at(start));
        guardian.traffic("SELECT pg_sleep(?) AS pgss_window", 0.15, 5);

        Map<?, ?> busy = measurements(guardian.run(new CheckPerformanceAlerts(), slowAbove100ms, at(start.plusSeconds(300))));
        Map<?, ?> quiet = measurements(guardian.run(new CheckPerformanceAlerts(), slowAbove100ms, at(start.plusSeconds(600))));

        assertThat(first.values()).containsEntry("pg_stat_statements", "present");
        assertThat(first.values().get("awaiting_window")).asInstanceOf(InstanceOfAssertFactories.LIST).contains("avg_query_duration_ms", "slow_queries_per_minute");
        assertThat((Double) busy.get("slow_queries_per_minute")).as("5 slow calls in 5 minutes").isBetween(1.0, 1.4);
        assertThat((Double) quiet.get("slow_queries_per_minute")).as("none but a stray one").isLessThanOrEqualTo(0.2);
        assertThat((Double) quiet.get("avg_query_duration_ms")).isLessThan((Double) busy.get("avg_query_duration_ms"));
    }

    @Test
    void slowRateSaysHowMuchOfItCountsStatementsAbsentFromTheOlderSnapshotFromZero() throws Exception {
        guardian.execute("TRUNCATE public.statistics_snapshots, public.performance_alerts");
        Map<String, Object> slowAbove100ms = Map.of("slow_query_ms", 100, "enable_auto_responses", false);
        Instant start = Instant.parse("2031-01-01T00:00:00Z");
        guardian.traffic(MIXED, 0.0, 5);
        guardian.run(new CheckPerformanceAlerts(), slowAbove100ms, at(start));
        guardian.traffic(MIXED, 0.4, 3);

        OperationResult later = guardian.run(new CheckPerformanceAlerts(), slowAbove100ms, at(start.plusSeconds(300)));

        double measured = (Double) measurements(later).get("slow_queries_per_minute");
        Object fromZero = later.values().get("slow_queries_per_minute_counted_from_zero");
        assertThat(fromZero).as("the part of the rate that may be over-counted").isInstanceOf(Double.class);
        assertThat(0.6).as("3 slow calls in 5 minutes lies within the stated bounds")
                .isBetween(measured - (Double) fromZero, measured);
        assertThat((Double) fromZero).as("the 5 fast calls before the window are counted too").isGreaterThanOrEqualTo(1.6);
    }

    @Test
    void columnsFollowTheInstalledExtensionVersionNotTheServers() throws Exception {
        OwnDatabase older = migrated("pgss_older", "CREATE EXTENSION pg_stat_statements VERSION '1.9'");
        older.traffic(SLOW, 0.02, 10);

        OperationResult monitor = older.run(new MonitorSlowQueries(), Map.of("min_mean_time_ms", 10));
        OperationResult baselines = older.run(new UpdatePerformanceBaselines(), Map.of("min_query_calls", 5, "min_mean_time_ms", 10));
        OperationResult alerts = older.run(new CheckPerformanceAlerts(), Map.of());
        older.traffic(SLOW, 0.02, 1);
        OperationResult later = older.run(new CheckPerformanceAlerts(), Map.of(), at(Instant.now().plusSeconds(600)));

        assertThat(monitor.values()).containsEntry("pg_stat_statements_version", "1.9");
        assertThat((Double) traffic(monitor).get("avg_duration_ms")).isBetween(19.0, 500.0);
        assertThat((Integer) baselines.values().get("baselines_updated")).isGreaterThanOrEqualTo(1);
        assertThat(alerts.values().get("awaiting_window")).asInstanceOf(InstanceOfAssertFactories.LIST).contains("avg_query_duration_ms");
        assertThat(later.values().get("measurements")).asInstanceOf(InstanceOfAssertFactories.MAP).containsKey("avg_query_duration_ms");
    }

    private static OwnDatabase migrated(String name, String createExtension) {
        OwnDatabase database = new OwnDatabase(server.dataSource(server.createDatabase(name)));
        DatabaseMigrator.migrate(database.dataSource());
        database.execute(createExtension);
        return database;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static Map<?, ?> measurements(OperationResult result) {
        return (Map<?, ?>) result.values().get("measurements");
    }

    private static Map<?, ?> traffic(OperationResult result) {
        return ((List<?>) result.values().get("queries")).stream().map(q -> (Map<?, ?>) q)
                .filter(q -> String.valueOf(q.get("snippet")).contains("pgss_traffic")).findFirst().orElseThrow();
    }
}
