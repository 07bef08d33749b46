package org.guardian.orchestrator.metrics;

import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.db.GuardianStatsDao;

import java.time.Duration;

/**
 * What Guardian operators watch besides the schedules: the cache-invalidation queue length and the
 * open performance alerts, read in the background every 10 s; -1 while a table does not exist or
 * the database cannot be read.
 */
public final class GuardianGauges {
    private static final Duration PERIOD = Duration.ofSeconds(10);

    private GuardianGauges() {
    }

    public static void register(MetricRegistry registry, GuardianStatsDao stats, SampledGauges sampled) {
        registry.register(MetricNames.QUEUE_LENGTH,
                sampled.every(PERIOD, stats::cacheInvalidationQueueLength, GuardianStatsDao.ABSENT));
        registry.register(MetricNames.OPEN_ALERTS, sampled.every(PERIOD, stats::openAlerts, GuardianStatsDao.ABSENT));
    }
}
