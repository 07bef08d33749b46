package org.guardian.orchestrator.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchStatsTest {

    @Test
    void nearestRankPercentiles() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // 100..1, unsorted on purpose
        }
        assertThat(BenchStats.percentile(samples, 50)).isEqualTo(50);
        assertThat(BenchStats.percentile(samples, 95)).isEqualTo(95);
        assertThat(BenchStats.percentile(samples, 99)).isEqualTo(99);
        assertThat(BenchStats.percentile(samples, 100)).isEqualTo(100);
        assertThat(BenchStats.percentile(new double[] {7}, 99)).isEqualTo(7);
        assertThat(BenchStats.percentile(new double[] {1, 2, 3}, 50)).isEqualTo(2);
        assertThat(BenchStats.percentile(new double[0], 50)).isNaN();
        assertThat(samples[0]).as("input left unsorted").isEqualTo(100);
        assertThatThrownBy(() -> BenchStats.percentile(samples, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianAndRange() {
        assertThat(BenchStats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(BenchStats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        BenchStats.Summary s = BenchStats.summarize(new double[] {120, 100, 300});
        assertThat(s.median()).isEqualTo(120);
        assertThat(s.min()).isEqualTo(100);
        assertThat(s.max()).isEqualTo(300);
        assertThat(s.runs()).isEqualTo(3);
        assertThat(s.format(0)).isEqualTo("120 (100–300, n=3)");
        assertThat(BenchStats.summarize(new double[0]).format(1)).isEqualTo("n/a");
    }

    @Test
    void ratiosArePairedRunByRun() {
        double[] ours = {200, 400, 300, 999};
        double[] vanilla = {100, 100, 0};
        assertThat(BenchStats.pairedRatios(ours, vanilla)).containsExactly(2.0, 4.0);
        assertThat(BenchStats.median(BenchStats.pairedRatios(new double[] {10, 30, 20}, new double[] {10, 10, 10})))
                .isEqualTo(2.0);
    }
}
