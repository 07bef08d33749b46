package org.guardian.jobs.guardian;

/**
 * One benchmark's measurement: records is what the benchmark really touched, found what a search
 * found among them (null for the others), and its rates are null when the record count or the
 * duration is zero.
 */
record BenchmarkMeasurement(String name, long records, double durationMs, Long found) {

    BenchmarkMeasurement(String name, long records, double durationMs) {
        this(name, records, durationMs, null);
    }

    Double operationsPerSecond() {
        return records == 0 || durationMs <= 0 ? null : Math.round(records * 1000.0 / durationMs * 100) / 100.0;
    }

    Double msPerRecord() {
        return records == 0 ? null : Math.round(durationMs / records * 1000) / 1000.0;
    }

    String queryHash() {
        return "benchmark:" + name;
    }
}
