package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import java.util.function.IntSupplier;

/** Work this node has not finished: outcomes waiting for the outcome writer, attempts stuck RUNNING. */
public final class BacklogGauges {

    private BacklogGauges() {
    }

    public static void register(MetricRegistry registry, IntSupplier outcomesQueued, IntSupplier attemptsStuck) {
        registry.register(MetricNames.OUTCOMES_QUEUED, (Gauge<Integer>) outcomesQueued::getAsInt);
        registry.register(MetricNames.ATTEMPTS_STUCK, (Gauge<Integer>) attemptsStuck::getAsInt);
    }
}
