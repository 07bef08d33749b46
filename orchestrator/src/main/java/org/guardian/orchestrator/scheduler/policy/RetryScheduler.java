package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.scheduler.policy.RetryPolicy;
import org.guardian.orchestrator.core.Schedule;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Schedules the next attempt as a persistent Quartz trigger, so it survives the death of this node. */
public final class RetryScheduler {
    private final Scheduler scheduler;
    private final RetryPolicy policy;
    private final Clock clock;

    public RetryScheduler(Scheduler scheduler, RetryPolicy policy, Clock clock) {
        this.scheduler = scheduler;
        this.policy = policy;
        this.clock = clock;
    }

    public boolean mayRetry(Schedule schedule, FireRequest failed) {
        return policy.mayRetry(schedule, failed.attempt());
    }

    /** @return when the retry will fire */
    public Instant scheduleRetry(Schedule schedule, FireRequest failed) throws SchedulerException {
        Duration delay = policy.delayAfter(schedule, failed.attempt());
        return scheduleAttempt(schedule, failed, failed.attempt() + 1, clock.instant().plus(delay));
    }

    /** Schedules attempt {@code attempt} of the same fire time at {@code when}. */
    public Instant scheduleAttempt(Schedule schedule, FireRequest request, int attempt, Instant when) throws SchedulerException {
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(schedule.name() + "#" + request.scheduledFireTime().toEpochMilli() + "#" + attempt,
                        QuartzKeys.RETRIES)
                .forJob(QuartzKeys.job(schedule.name()))
                .startAt(Date.from(when))
                .withPriority(schedule.quartzPriority())
                .usingJobData(QuartzKeys.DATA_FIRE_TIME, String.valueOf(request.scheduledFireTime().toEpochMilli()))
                .usingJobData(QuartzKeys.DATA_ATTEMPT, String.valueOf(attempt))
                .usingJobData(QuartzKeys.DATA_REQUESTED_BY, request.requestedBy() == null ? "" : request.requestedBy())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        if (scheduler.checkExists(trigger.getKey())) {
            return when;
        }
        try {
            scheduler.scheduleJob(trigger);
        } catch (ObjectAlreadyExistsException e) {
            // another node scheduled the same attempt a moment ago
        }
        return when;
    }
}
