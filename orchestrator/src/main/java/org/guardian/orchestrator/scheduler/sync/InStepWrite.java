package org.guardian.orchestrator.scheduler.sync;

import org.jdbi.v3.core.Handle;
import org.quartz.SchedulerException;

/**
 * A transaction that changes one schedule's definition (see {@link ScheduleSynchronizer#writeInStep}):
 * its checks, then {@link QuartzStep#bringInStep} with the schedule it will write, then its row.
 */
@FunctionalInterface
public interface InStepWrite {
    void run(Handle handle, QuartzStep quartz) throws SchedulerException;
}
