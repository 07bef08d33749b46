package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.mchange.v2.c3p0.PooledDataSource;

import java.sql.SQLException;

/** The application's c3p0 pool: busy, idle, total connections and threads waiting for one. */
public final class PoolGauges {

    private PoolGauges() {
    }

    public static void register(MetricRegistry registry, PooledDataSource pool) {
        registry.register(MetricNames.POOL + "busy", gauge(pool::getNumBusyConnectionsDefaultUser));
        registry.register(MetricNames.POOL + "idle", gauge(pool::getNumIdleConnectionsDefaultUser));
        registry.register(MetricNames.POOL + "total", gauge(pool::getNumConnectionsDefaultUser));
        registry.register(MetricNames.POOL + "waiting", gauge(pool::getNumThreadsAwaitingCheckoutDefaultUser));
    }

    private static Gauge<Integer> gauge(PoolRead read) {
        return () -> {
            try {
                return read.get();
            } catch (SQLException e) {
                return -1;
            }
        };
    }

    @FunctionalInterface
    private interface PoolRead {
        int get() throws SQLException;
    }
}
