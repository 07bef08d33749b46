package org.guardian.jobs.guardian;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardianRulesTest {

    @Test
    void aBelowThresholdAlertsWhenTheValueFallsUnderIt() {
        AlertThreshold hitRatio = new AlertThreshold("cache_hit_ratio_percent", 95, 90, true, 300, 900, false, null);
        assertThat(hitRatio.severity(99)).isNull();
        assertThat(hitRatio.severity(94)).isEqualTo("WARNING");
        assertThat(hitRatio.severity(90)).isEqualTo("CRITICAL");
    }

    @Test
    void anAboveThresholdAlertsWhenTheValueReachesIt() {
        AlertThreshold queue = new AlertThreshold("pending_cache_invalidations", 500, 1000, false, 60, 60, true, "x");
        assertThat(queue.severity(499)).isNull();
        assertThat(queue.severity(500)).isEqualTo("WARNING");
        assertThat(queue.severity(1000)).isEqualTo("CRITICAL");
    }

    @Test
    void pgStatStatementsColumnsFollowTheInstalledExtensionVersion() {
        assertThat(StatStatements.forExtensionVersion("v", "1.7").meanTime()).isEqualTo("mean_time");
        assertThat(StatStatements.forExtensionVersion("v", "1.8").totalTime()).isEqualTo("total_exec_time");
        assertThat(StatStatements.forExtensionVersion("v", "1.10").ioTime()).isEqualTo("(blk_read_time + blk_write_time)");
        assertThat(StatStatements.forExtensionVersion("v", "1.11").ioTime())
                .isEqualTo("(shared_blk_read_time + shared_blk_write_time + local_blk_read_time + local_blk_write_time)");
        assertThat(StatStatements.forExtensionVersion("v", "1.11").meanTime()).isEqualTo("mean_exec_time");
        assertThat(StatStatements.forExtensionVersion("v", "2.0").ioTime()).startsWith("(shared_blk_read_time");
    }

    @Test
    void aBenchmarkWithNoRecordsHasNoRate() {
        assertThat(new BenchmarkMeasurement("cache_refresh", 0, 0).operationsPerSecond()).isNull();
        assertThat(new BenchmarkMeasurement("cache_refresh", 0, 0).msPerRecord()).isNull();
        assertThat(new BenchmarkMeasurement("scan", 100, 0).operationsPerSecond()).isNull();
        assertThat(new BenchmarkMeasurement("scan", 100, 50).operationsPerSecond()).isEqualTo(2000.0);
    }

    @Test
    void indexBloatIsTheShortfallFromTheFillFactor() {
        assertThat(new IndexBloat("i", "i", "t", 100, 90, 90, 0).bloatPercent()).isZero();
        assertThat(new IndexBloat("i", "i", "t", 100, 45, 90, 0).bloatPercent()).isEqualTo(50.0);
        assertThat(new IndexBloat("i", "i", "t", 0, Double.NaN, 90, 0).bloatPercent()).isZero();
    }
}
