package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;

import java.time.Instant;
import java.util.Optional;

/** Reads a {@link FireRequest} from a Quartz firing. */
final class FireResolver {
    private FireResolver() {
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
                    data.getString(QuartzKeys.DATA_REQUESTED_BY), false));
        }
        String group = context.getTrigger().getKey().getGroup();
        if (QuartzKeys.RETRIES.equals(group)) {
            return Optional.of(new FireRequest(schedule, TriggerKind.RETRY,
                    Instant.ofEpochMilli(Long.parseLong(data.getString(QuartzKeys.DATA_FIRE_TIME))),
                    Integer.parseInt(data.getString(QuartzKeys.DATA_ATTEMPT)),
                    data.getString(QuartzKeys.DATA_REQUESTED_BY), false));
        }
        if (QuartzKeys.MANUAL.equals(group)) {
            return Optional.of(new FireRequest(schedule, TriggerKind.MANUAL, scheduled, 1,
                    data.getString(QuartzKeys.DATA_REQUESTED_BY), Boolean.parseBoolean(data.getString(QuartzKeys.DATA_FORCE))));
        }
        return cron.canonicalFireTime(scheduled)
                .map(fireTime -> new FireRequest(schedule, TriggerKind.CRON, fireTime, 1, null, false));
    }
}
