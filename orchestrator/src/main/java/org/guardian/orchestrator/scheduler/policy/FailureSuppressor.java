package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.scheduler.sync.ScheduleSynchronizer;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleEvent;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.core.ScheduleTransitions;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * After {@code max_consecutive_failures} final failures in a row, suppresses the schedule
 * cluster-wide: {@code suppressed_at} set, its cron, retry and waiting triggers removed (its job stays,
 * so it can still be run by hand), an audit row, a WARN.
 */
public final class FailureSuppressor {
    private static final Logger LOG = LoggerFactory.getLogger(FailureSuppressor.class);

    private final ScheduleDao schedules;
    private final ScheduleSynchronizer synchronizer;
    private final Clock clock;
    private final ExecutionListener listener;

    public FailureSuppressor(ScheduleDao schedules, ScheduleSynchronizer synchronizer, Clock clock,
                             ExecutionListener listener) {
        this.schedules = schedules;
        this.synchronizer = synchronizer;
        this.clock = clock;
        this.listener = listener;
    }

    /** @return true when this call suppressed the schedule */
    public boolean afterFinalFailure(Schedule schedule, int consecutiveFailures) throws SchedulerException {
        if (consecutiveFailures < schedule.maxConsecutiveFailures() || !suppressible(schedule.name())) {
            return false;
        }
        Instant now = clock.instant();
        String after = "{\"suppressedAt\": \"" + now + "\", \"consecutiveFailures\": " + consecutiveFailures + "}";
        if (schedules.suppressAndAudit(schedule.name(), now, after) == 0) {
            return false;
        }
        listener.suppressedAt(schedule, consecutiveFailures, now);
        synchronizer.apply(schedule.name());
        LOG.warn("Schedule {} suppressed after {} consecutive failures; POST /api/schedules/{}/reset to resume",
                schedule.name(), consecutiveFailures, schedule.name());
        return true;
    }

    /**
     * Whether its state machine lets the schedule, as its row is now, be suppressed (it is not
     * already); the write still settles a race with another suppression or a reset.
     */
    private boolean suppressible(String name) {
        return schedules.find(name)
                .map(current -> ScheduleTransitions.allows(ScheduleState.of(current), ScheduleEvent.SUPPRESS))
                .orElse(false);
    }
}
