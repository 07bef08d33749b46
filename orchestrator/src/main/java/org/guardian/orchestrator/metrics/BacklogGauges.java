package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import java.util.function.IntSupplier;

/** Work this node has not finished: attempts stuck RUNNING. */
public final class BacklogGauges {

    private BacklogGauges() {
    }

    public static void register(MetricRegistry registry, IntSupplier attemptsStuck) {
        registry.register(MetricNames.ATTEMPTS_STUCK, (Gauge<Integer>) attemptsStuck::getAsInt);
    }
}
