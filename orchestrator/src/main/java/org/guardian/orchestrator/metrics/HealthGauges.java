package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.codahale.metrics.health.HealthCheckRegistryListener;

/**
 * Each health check as a gauge, 1 healthy and 0 unhealthy ({@code orchestrator_health{check}} in
 * Prometheus), so that an alert can follow what {@code /healthcheck} says: a database read-only,
 * a loop stalled. The checks that read a database answer from their latest background run.
 */
public final class HealthGauges implements HealthCheckRegistryListener {
    private final MetricRegistry metrics;
    private final HealthCheckRegistry health;

    private HealthGauges(MetricRegistry metrics, HealthCheckRegistry health) {
        this.metrics = metrics;
        this.health = health;
    }

    /** A gauge for every check registered now and later. */
    public static void register(MetricRegistry metrics, HealthCheckRegistry health) {
        health.addListener(new HealthGauges(metrics, health));
    }

    @Override
    public void onHealthCheckAdded(String name, HealthCheck healthCheck) {
        metrics.gauge(MetricNames.HEALTH + name, () -> (Gauge<Integer>) () -> healthy(name) ? 1 : 0);
    }

    @Override
    public void onHealthCheckRemoved(String name, HealthCheck healthCheck) {
        metrics.remove(MetricNames.HEALTH + name);
    }

    private boolean healthy(String name) {
        try {
            return health.runHealthCheck(name).isHealthy();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
