package org.guardian.orchestrator.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness's arithmetic (ops/bench): percentiles of samples, median and range of
 * repeated runs, and ours/vanilla ratios paired run by run. Kept in the test tree so that
 * {@code mvn verify} tests it; {@code ops/bench/run.sh} compiles it together with the harness.
 */
public final class BenchStats {
    private BenchStats() {
    }

    /**
     * The nearest-rank percentile (p in (0, 100]) of the samples: the smallest sample such that at
     * least p percent of the samples are less than or equal to it. NaN for no samples.
     */
    public static double percentile(double[] samples, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The median (mean of the middle two for an even count); NaN for no values. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Median with the range of repeated runs. */
    public record Summary(double median, double min, double max, int runs) {
        public String format(int decimals) {
            if (runs == 0) {
                return "n/a";
            }
            String f = "%." + decimals + "f";
            return String.format(Locale.ROOT, f + " (" + f + "–" + f + ", n=%d)", median, min, max, runs);
        }
    }

    public static Summary summarize(double[] runs) {
        if (runs.length == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : runs) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new Summary(median(runs), min, max, runs.length);
    }

    /**
     * Ours/vanilla ratios paired run by run (run i of ours against run i of vanilla, measured
     * back to back in the same invocation, so that machine noise largely cancels). Only as many
     * pairs as the shorter list has; a pair with a zero or missing vanilla value is skipped.
     */
    public static double[] pairedRatios(double[] ours, double[] vanilla) {
        int n = Math.min(ours.length, vanilla.length);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (vanilla[i] != 0 && !Double.isNaN(vanilla[i]) && !Double.isNaN(ours[i])) {
                ratios.add(ours[i] / vanilla[i]);
            }
        }
        return ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
