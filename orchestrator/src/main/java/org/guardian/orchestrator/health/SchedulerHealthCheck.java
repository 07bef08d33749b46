package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/** This node's Quartz scheduler is started and firing (not shut down, not in standby). */
public final class SchedulerHealthCheck extends HealthCheck {
    private final Scheduler scheduler;

    public SchedulerHealthCheck(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    protected Result check() throws SchedulerException {
        String node = scheduler.getSchedulerInstanceId();
        if (scheduler.isShutdown()) {
            return Result.unhealthy("scheduler of node " + node + " is shut down");
        }
        if (!scheduler.isStarted()) {
            return Result.unhealthy("scheduler of node " + node + " is not started");
        }
        if (scheduler.isInStandbyMode()) {
            return Result.unhealthy("scheduler of node " + node + " is in standby: it fires nothing");
        }
        return Result.healthy("scheduler of node " + node + " is firing");
    }
}
