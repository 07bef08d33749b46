package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The one Quartz job class: adapts a firing to {@link AttemptRunner}. It is deliberately not
 * {@code @DisallowConcurrentExecution}: that costs a cluster-wide lock round trip per execution;
 * the database keeps attempts of one schedule from overlapping instead (one RUNNING row per
 * schedule) and {@link OverlapHandler} decides what a fire that overlaps does.
 */
public final class OperationJob implements InterruptableJob {
    private static final Logger LOG = LoggerFactory.getLogger(OperationJob.class);

    private final AttemptRecords schedules;
    private final CronCache crons;
    private final AttemptRunner runner;
    private final FireClaims claims;
    private volatile Thread worker;

    OperationJob(AttemptRecords schedules, CronCache crons, AttemptRunner runner, FireClaims claims) {
        this.claims = claims;
        this.schedules = schedules;
        this.crons = crons;
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        worker = Thread.currentThread();
        String name = context.getJobDetail().getKey().getName();
        try {
            Optional<FireClaims.Claim> claim = claims.take(context.getFireInstanceId());
            if (claim.isPresent()) {
                runner.runClaimed(claim.get().schedule(), claim.get().request(), claim.get().runId(),
                        context.getFireInstanceId());
                return;
            }
            Optional<Schedule> schedule = schedules.schedule(name);
            if (schedule.isEmpty()) {
                LOG.warn("Fired {} but the schedule no longer exists", name);
                return;
            }
            if (schedule.get().defect() != null) {
                LOG.warn("Fired {} but its row cannot be read ({}); not run", name, schedule.get().defect());
                return;
            }
            CronSchedule cron = crons.get(schedule.get());
            Optional<FireRequest> request = FireResolver.resolve(context, cron);
            if (request.isEmpty()) {
                LOG.debug("{}: Quartz fired at {}, not a fire time of its cron (DST companion on an ordinary day); dropped",
                        name, context.getScheduledFireTime().toInstant());
                return;
            }
            boolean waiting = QuartzKeys.LATE.equals(context.getTrigger().getKey().getGroup());
            runner.run(schedule.get(), request.get(), waiting, context.getFireInstanceId());
        } catch (InterruptedException e) {
            LOG.warn("{} interrupted: the node is stopping", name);
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("Firing of {} failed", name, t);
        } finally {
            worker = null;
        }
    }

    @Override
    public void interrupt() {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
