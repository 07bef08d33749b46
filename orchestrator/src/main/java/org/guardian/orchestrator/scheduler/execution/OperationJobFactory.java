package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.cron.CronCache;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Gives Quartz {@link OperationJob}s wired to this node's services. */
public final class OperationJobFactory implements JobFactory {
    private final AttemptRecords schedules;
    private final CronCache crons;
    private final FireClaims claims;
    private volatile AttemptRunner runner;

    public OperationJobFactory(AttemptRecords schedules, CronCache crons, FireClaims claims) {
        this.schedules = schedules;
        this.crons = crons;
        this.claims = claims;
    }

    public void setRunner(AttemptRunner runner) {
        this.runner = runner;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
        return new OperationJob(schedules, crons, runner, claims);
    }
}
