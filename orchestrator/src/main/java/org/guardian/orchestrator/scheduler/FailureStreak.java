package org.guardian.orchestrator.scheduler;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The log of a loop that retries what failed: the first failure at WARN, then one WARN line per
 * {@code every} while they go on (the others at DEBUG), and an INFO line when it works again. A
 * database away for a minute then takes a few lines per loop, not one per try.
 */
public final class FailureStreak {
    private final Logger log;
    private final String what;
    private final long everyNanos;
    private final LongSupplier ticker;
    private int failures;
    private long firstNanos;
    private long loggedNanos;

    /** A streak that logs a line every 30 s while it goes on. */
    public FailureStreak(Logger log, String what) {
        this(log, what, Duration.ofSeconds(30), System::nanoTime);
    }

    /**
     * @param what   what is retried, as the start of a sentence ("Sweeping stuck attempts")
     * @param ticker monotonic nanoseconds ({@link System#nanoTime} outside tests)
     */
    public FailureStreak(Logger log, String what, Duration every, LongSupplier ticker) {
        this.log = log;
        this.what = what;
        this.everyNanos = every.toNanos();
        this.ticker = ticker;
    }

    public synchronized void failed(Throwable cause) {
        long now = ticker.getAsLong();
        if (failures++ == 0) {
            firstNanos = now;
            loggedNanos = now;
            log.warn("{} failed, will retry: {}", what, cause.toString());
        } else if (now - loggedNanos >= everyNanos) {
            loggedNanos = now;
            log.warn("{} still failing after {} s ({} tries), will retry: {}", what, seconds(now), failures,
                    cause.toString());
        } else {
            log.debug("{} still failing ({} tries): {}", what, failures, cause.toString());
        }
    }

    public synchronized void succeeded() {
        if (failures > 0) {
            log.info("{} succeeded again after {} s ({} failed tries)", what, seconds(ticker.getAsLong()), failures);
            failures = 0;
        }
    }

    private long seconds(long now) {
        return Math.round((now - firstNanos) / 1e9);
    }
}
