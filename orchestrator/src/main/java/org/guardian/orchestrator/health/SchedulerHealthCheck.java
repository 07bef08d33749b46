package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import java.util.Optional;
import java.util.function.Supplier;

/** This node's Quartz scheduler is started and firing (not shut down, not in standby), or why not. */
public final class SchedulerHealthCheck extends HealthCheck {
    private final Scheduler scheduler;
    private final Supplier<Optional<String>> heldBecause;

    public SchedulerHealthCheck(Scheduler scheduler, Supplier<Optional<String>> heldBecause) {
        this.scheduler = scheduler;
        this.heldBecause = heldBecause;
    }

    @Override
    protected Result check() throws SchedulerException {
        String node = scheduler.getSchedulerInstanceId();
        if (scheduler.isShutdown()) {
            return Result.unhealthy("scheduler of node " + node + " is shut down");
        }
        String why = heldBecause.get().map(reason -> ": " + reason).orElse("");
        if (!scheduler.isStarted()) {
            return Result.unhealthy("scheduler of node " + node + " is not started" + why);
        }
        if (scheduler.isInStandbyMode()) {
            return Result.unhealthy("scheduler of node " + node + " is in standby, it fires nothing" + why);
        }
        return Result.healthy("scheduler of node " + node + " is firing");
    }
}
