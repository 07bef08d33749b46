package org.guardian.orchestrator.operations;

import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.CheckPerformanceAlerts;
import org.guardian.jobs.guardian.MonitorSlowQueries;
import org.guardian.jobs.guardian.UpdatePerformanceBaselines;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.BeforeAll;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The statistics operations where pg_stat_statements is installed (CREATE EXTENSION) but its
 * library is not in shared_preload_libraries, so that reading the view fails: each run succeeds
 * and says why the statistics are unavailable.
 */
@NeedsServer(ServerNeed.SUPERUSER)
@Timeout(120)
class PgStatStatementsNotLoadedIT {
    private static OwnDatabase guardian;

    @BeforeAll
    static void installTheExtensionWithoutItsLibrary() {
        guardian = new OwnDatabase(TestDatabase.get().freshlyMigratedDatabase("pgss_not_loaded"));
        assumeFalse(String.valueOf(guardian.value("SHOW shared_preload_libraries")).contains("pg_stat_statements"),
                "this server preloads pg_stat_statements: the not-loaded state cannot be made here");
        guardian.execute("CREATE EXTENSION pg_stat_statements");
    }

    @Test
    void slowQueryMonitorSucceedsAndSaysTheLibraryIsNotLoaded() throws Exception {
        OperationResult result = guardian.run(new MonitorSlowQueries(), Map.of());

        assertNotLoaded(result);
        assertThat(result.values()).containsEntry("slow_queries", 0);
    }

    @Test
    void baselinesSucceedAndSayTheLibraryIsNotLoaded() throws Exception {
        OperationResult result = guardian.run(new UpdatePerformanceBaselines(), Map.of());

        assertNotLoaded(result);
        assertThat(result.values()).containsEntry("baselines_updated", 0);
    }

    @Test
    void alertsMeasureTheOtherMetricsAndReportTheStatementMetricsUnmeasured() throws Exception {
        OperationResult result = run(new CheckPerformanceAlerts());

        assertNotLoaded(result);
        assertThat(result.values().get("unmeasured")).asInstanceOf(InstanceOfAssertFactories.LIST).contains("avg_query_duration_ms", "slow_queries_per_minute");
        assertThat((Integer) result.values().get("metrics_measured")).isGreaterThanOrEqualTo(4);
    }

    private static OperationResult run(Operation operation) throws Exception {
        return guardian.run(operation, Map.of());
    }

    private static void assertNotLoaded(OperationResult result) {
        assertThat(result.values()).containsEntry("pg_stat_statements", "not_loaded");
        assertThat((String) result.values().get("pg_stat_statements_unavailable")).contains("shared_preload_libraries");
    }
}
