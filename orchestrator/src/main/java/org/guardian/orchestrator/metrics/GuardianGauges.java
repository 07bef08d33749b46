package org.guardian.orchestrator.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.db.GuardianStatsDao;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What Guardian operators watch besides the schedules: the cache-invalidation queue length and the
 * open performance alerts; -1 while a table does not exist or the database cannot be read.
 */
public final class GuardianGauges {
    private static final long CACHE_SECONDS = 10;

    private GuardianGauges() {
    }

    public static void register(MetricRegistry registry, GuardianStatsDao stats) {
        registry.register(MetricNames.QUEUE_LENGTH, cached(stats::cacheInvalidationQueueLength));
        registry.register(MetricNames.OPEN_ALERTS, cached(stats::openAlerts));
    }

    private static CachedGauge<Long> cached(LongSupplier read) {
        return new CachedGauge<>(CACHE_SECONDS, TimeUnit.SECONDS) {
            @Override
            protected Long loadValue() {
                try {
                    return read.getAsLong();
                } catch (RuntimeException e) {
                    return GuardianStatsDao.ABSENT;
                }
            }
        };
    }
}
