package org.guardian.orchestrator.scheduler.sync;

import org.quartz.SchedulerException;

/** Starts this node's firing (its Quartz scheduler); {@link #STARTED} when it runs already. */
@FunctionalInterface
public interface Firing {
    Firing STARTED = () -> { };

    void start() throws SchedulerException;
}
