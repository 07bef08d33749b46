package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Gauges read from a database: a background task reads each one every few seconds and a scrape
 * returns its latest value at once. Read in the scrape (as a CachedGauge does), a gauge whose
 * database was away held {@code /prometheus} for the pool's 10-s checkout, past Prometheus's
 * scrape timeout, and every metric of the node went missing with it.
 */
public final class SampledGauges {
    private final ScheduledExecutorService executor;

    public SampledGauges(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** A gauge of {@code read}'s latest value, read every {@code period}; {@code unknown} before and when a read fails. */
    public <T> Gauge<T> every(Duration period, Supplier<T> read, T unknown) {
        AtomicReference<T> last = new AtomicReference<>(unknown);
        executor.scheduleWithFixedDelay(() -> {
            try {
                last.set(read.get());
            } catch (RuntimeException e) {
                last.set(unknown);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return last::get;
    }
}
