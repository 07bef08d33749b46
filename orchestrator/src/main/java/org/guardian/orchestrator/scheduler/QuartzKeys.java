package org.guardian.orchestrator.scheduler;

import org.quartz.JobKey;
import org.quartz.TriggerKey;

/** How schedules are named in Quartz: one job per schedule, string-only job data. */
public final class QuartzKeys {
    public static final String SCHEDULES = "schedules";
    public static final String RETRIES = "retries";
    public static final String MANUAL = "manual";
    /** Attempts waiting for the schedule's running attempt to end. */
    public static final String LATE = "late";
    /** Notification jobs: one per notification, sent once by the cluster. */
    public static final String NOTIFICATIONS = "notifications";

    /** Job data keys (strings only: useProperties=true). */
    public static final String DATA_FIRE_TIME = "scheduledFireTime";
    public static final String DATA_ATTEMPT = "attempt";
    public static final String DATA_REQUESTED_BY = "requestedBy";
    public static final String DATA_FORCE = "force";
    public static final String DATA_KIND = "kind";

    private QuartzKeys() {
    }

    public static JobKey job(String schedule) {
        return JobKey.jobKey(schedule, SCHEDULES);
    }

    /** The i-th cron trigger of a schedule (a Unix cron with the OR rule needs two). */
    public static TriggerKey cronTrigger(String schedule, int index) {
        return TriggerKey.triggerKey(schedule + "#cron" + index, SCHEDULES);
    }
}
