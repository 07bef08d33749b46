package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.cron.CronCache;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Gives Quartz {@link OperationJob}s wired to this node's services, and the jobs of other classes
 * (notifications) from the factory that knows them.
 */
public final class OperationJobFactory implements JobFactory {
    private final AttemptRecords schedules;
    private final CronCache crons;
    private final FireClaims claims;
    private volatile AttemptRunner runner;
    private volatile JobFactory others;

    public OperationJobFactory(AttemptRecords schedules, CronCache crons, FireClaims claims) {
        this.schedules = schedules;
        this.crons = crons;
        this.claims = claims;
    }

    public void setRunner(AttemptRunner runner) {
        this.runner = runner;
    }

    /** The factory of every job class but {@link OperationJob}. */
    public void setOthers(JobFactory others) {
        this.others = others;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type == OperationJob.class) {
            return new OperationJob(schedules, crons, runner, claims);
        }
        if (others == null) {
            throw new SchedulerException("No factory for jobs of class " + type.getName());
        }
        return others.newJob(bundle, scheduler);
    }
}
