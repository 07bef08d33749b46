package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.Schedule;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the retry after attempt n waits
 * {@code backoff × 2^(n-1)}, scaled by a random factor in [0.8, 1.2), capped at {@code maxDelay}.
 */
public final class RetryPolicy {
    private static final double JITTER = 0.2;

    private final Duration maxDelay;
    private final DoubleSupplier random;

    public RetryPolicy(Duration maxDelay, DoubleSupplier random) {
        this.maxDelay = maxDelay;
        this.random = random;
    }

    /** Whether attempt {@code attempt} (1-based) may be followed by another. */
    public boolean mayRetry(Schedule schedule, int attempt) {
        return attempt <= schedule.maxRetries();
    }

    /** The wait before the attempt that follows attempt {@code attempt}. */
    public Duration delayAfter(Schedule schedule, int attempt) {
        double base = schedule.retryBackoff().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double jittered = base * (1 - JITTER + 2 * JITTER * random.getAsDouble());
        long millis = (long) Math.min(jittered, maxDelay.toMillis());
        return Duration.ofMillis(Math.max(0, millis));
    }
}
