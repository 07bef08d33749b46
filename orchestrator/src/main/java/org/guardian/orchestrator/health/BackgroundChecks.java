package org.guardian.orchestrator.health;

import org.guardian.orchestrator.core.DaemonThreads;
import com.codahale.metrics.health.HealthCheckRegistry;

import java.util.concurrent.Executors;

/**
 * The checks that read a database run in the background ({@code @Async}, every
 * {@link #PERIOD_SECONDS} s after the last one ended) and {@code /healthcheck} returns their latest
 * result at once: while a database is away each of them would wait for the pool's checkout
 * timeout, one after the other. A healthy result older than {@link #FRESH_SECONDS} s (its thread
 * stuck) is reported unhealthy.
 */
public final class BackgroundChecks {
    public static final long PERIOD_SECONDS = 5;
    public static final long FRESH_SECONDS = 30;
    private static final int THREADS = 4;

    private BackgroundChecks() {
    }

    /** The node's health registry, with daemon threads of its own for the background checks. */
    public static HealthCheckRegistry registry() {
        return new HealthCheckRegistry(Executors.newScheduledThreadPool(THREADS, DaemonThreads.numbered("orch-health")));
    }
}
