package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Reads a {@link FireRequest} from a Quartz firing. */
final class FireResolver {
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofDays(32), Duration.ofDays(400), Duration.ofDays(3660));

    private FireResolver() {
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static boolean isManual(JobDataMap data) {
        return QuartzKeys.MANUAL.equals(data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP));
    }

    /**
     * @return empty when Quartz fired at a time the schedule's cron does not stand for
     *         (the second occurrence of a repeated local time at a DST change)
     */
    static Optional<FireRequest> resolve(JobExecutionContext context, CronSchedule cron) {
        String schedule = context.getJobDetail().getKey().getName();
        JobDataMap data = context.getTrigger().getJobDataMap();
        Instant scheduled = context.getScheduledFireTime().toInstant();
        if (context.isRecovering()) {
            // Quartz copies the original trigger's data (a retry's fire time and attempt) into the recovery trigger.
            String retryFireTime = data.getString(QuartzKeys.DATA_FIRE_TIME);
            String original = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            Instant fireTime = retryFireTime != null ? Instant.ofEpochMilli(Long.parseLong(retryFireTime))
                    : original != null ? Instant.ofEpochMilli(Long.parseLong(original)) : scheduled;
            if (retryFireTime == null && original != null && !isManual(data)) {
                fireTime = cron.canonicalFireTime(fireTime).orElse(fireTime);
            }
            return Optional.of(new FireRequest(schedule, TriggerKind.RECOVERY, fireTime, 1,
                    blankToNull(data.getString(QuartzKeys.DATA_REQUESTED_BY)), false));
        }
        String group = context.getTrigger().getKey().getGroup();
        if (QuartzKeys.RETRIES.equals(group)) {
            return Optional.of(new FireRequest(schedule, TriggerKind.RETRY,
                    Instant.ofEpochMilli(Long.parseLong(data.getString(QuartzKeys.DATA_FIRE_TIME))),
                    Integer.parseInt(data.getString(QuartzKeys.DATA_ATTEMPT)),
                    blankToNull(data.getString(QuartzKeys.DATA_REQUESTED_BY)), false));
        }
        if (QuartzKeys.LATE.equals(group)) {
            return Optional.of(new FireRequest(schedule, TriggerKind.valueOf(data.getString(QuartzKeys.DATA_KIND)),
                    Instant.ofEpochMilli(Long.parseLong(data.getString(QuartzKeys.DATA_FIRE_TIME))),
                    Integer.parseInt(data.getString(QuartzKeys.DATA_ATTEMPT)),
                    blankToNull(data.getString(QuartzKeys.DATA_REQUESTED_BY)),
                    Boolean.parseBoolean(data.getString(QuartzKeys.DATA_FORCE))));
        }
        if (QuartzKeys.MANUAL.equals(group)) {
            return Optional.of(new FireRequest(schedule, TriggerKind.MANUAL, scheduled, 1,
                    data.getString(QuartzKeys.DATA_REQUESTED_BY), Boolean.parseBoolean(data.getString(QuartzKeys.DATA_FORCE))));
        }
        return resolveCron(schedule, context.getTrigger(), scheduled, cron);
    }

    /**
     * A fire of one of the schedule's own cron triggers (group {@link QuartzKeys#SCHEDULES}),
     * not recovering.
     *
     * @param scheduled the fire time Quartz fired for
     */
    static Optional<FireRequest> resolveCron(String schedule, Trigger trigger, Instant scheduled, CronSchedule cron) {
        Optional<Instant> fireTime = scheduled.getNano() == 0 ? cron.canonicalFireTime(scheduled) : Optional.empty();
        if (fireTime.isEmpty() && !isQuartzFireTime(trigger, scheduled)) {
            fireTime = latestFireTimeAtOrBefore(cron, scheduled);
        }
        return fireTime.map(t -> new FireRequest(schedule, TriggerKind.CRON, t, 1, null, false));
    }

    /**
     * False for a misfired trigger that Quartz fires "now" (policy FIRE_ONCE): its scheduled fire
     * time is the moment of the misfire handling, not a time of the cron expression.
     */
    private static boolean isQuartzFireTime(Trigger fired, Instant scheduled) {
        if (!(fired instanceof CronTrigger trigger)) {
            return true;
        }
        if (scheduled.getNano() != 0) {
            return false;
        }
        try {
            CronExpression expression = new CronExpression(trigger.getCronExpression());
            expression.setTimeZone(trigger.getTimeZone());
            return expression.isSatisfiedBy(Date.from(scheduled));
        } catch (ParseException e) {
            return true;
        }
    }

    /**
     * The fire time a late "fire once now" stands for: the latest one of the cron at or before it.
     * Looks back over growing windows and walks forward one fire time at a time, so the cost is a
     * few cron evaluations whatever the cron (an every-second cron is found in the first, one-second
     * window). This runs for every misfire, which is when a node has the least time to spare.
     */
    static Optional<Instant> latestFireTimeAtOrBefore(CronSchedule cron, Instant at) {
        for (Duration window : LOOK_BACK) {
            Optional<Instant> latest = Optional.empty();
            Instant cursor = at.minus(window);
            while (true) {
                List<Instant> next = cron.nextFireTimes(cursor, 1);
                if (next.isEmpty() || next.get(0).isAfter(at)) {
                    break;
                }
                latest = Optional.of(next.get(0));
                cursor = next.get(0);
            }
            if (latest.isPresent()) {
                return latest;
            }
        }
        return Optional.empty();
    }
}
