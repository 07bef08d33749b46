package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;

import java.util.Set;
import java.util.function.Supplier;

/**
 * No attempt stays stuck RUNNING: unhealthy while the sweeper found the same attempts stuck in two
 * sweeps in a row (handed to recovery, which did not take them), listing their run ids.
 */
public final class StuckAttemptsHealthCheck extends HealthCheck {
    private final Supplier<Set<Long>> stuck;

    public StuckAttemptsHealthCheck(Supplier<Set<Long>> stuck) {
        this.stuck = stuck;
    }

    @Override
    protected Result check() {
        Set<Long> runs = stuck.get();
        if (runs.isEmpty()) {
            return Result.healthy("no attempt stuck RUNNING");
        }
        return Result.unhealthy(runs.size() + " attempt(s) stuck RUNNING through two sweeps (recovery did not take"
                + " them): runs " + runs.stream().sorted().toList());
    }
}
