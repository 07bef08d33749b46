package org.guardian.orchestrator.config;

/**
 * How many connections the application pool needs: one per worker thread (an attempt holds its
 * connection while it runs) plus {@link #RESERVE} for the outcome writer, the API and the
 * background loops (reconciler, vacuum, gauges, health checks), which would otherwise queue
 * behind long attempts.
 */
public final class PoolSizing {
    public static final int RESERVE = 5;

    private PoolSizing() {
    }

    /** The smallest pool that serves {@code threads} workers. */
    public static int required(int threads) {
        return threads + RESERVE;
    }

    /** The configured size, or the required one when none is configured. */
    public static int poolSize(Integer configured, int threads) {
        return configured != null ? configured : required(threads);
    }

    /** Why a configured pool cannot serve the workers, or null when it can. */
    public static String refusal(Integer configured, int threads) {
        if (configured == null || configured >= required(threads)) {
            return null;
        }
        return "ORCH_DB_POOL_SIZE=" + configured + " cannot serve ORCH_THREADS=" + threads + ": the pool needs at least "
                + required(threads) + " connections (one per worker thread plus " + RESERVE + " for the outcome writer,"
                + " the API and the background loops); raise ORCH_DB_POOL_SIZE, lower ORCH_THREADS, or leave"
                + " ORCH_DB_POOL_SIZE unset to size the pool from ORCH_THREADS";
    }
}
