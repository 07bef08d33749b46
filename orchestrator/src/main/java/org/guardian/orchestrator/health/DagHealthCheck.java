package org.guardian.orchestrator.health;

import org.guardian.orchestrator.core.Examples;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.annotation.Async;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.db.ScheduleSample;

/**
 * No schedule is BLOCKED (cycle, missing dependency, invalid cron or operation); names the first
 * {@value Examples#MAX} by name and why, and how many more. Counted in SQL, not by reading every row.
 */
@Async(period = BackgroundChecks.PERIOD_SECONDS, scheduleType = Async.ScheduleType.FIXED_DELAY,
        healthyTtl = BackgroundChecks.FRESH_SECONDS)
public final class DagHealthCheck extends HealthCheck {
    private final ScheduleDao schedules;

    public DagHealthCheck(ScheduleDao schedules) {
        this.schedules = schedules;
    }

    @Override
    protected Result check() {
        ScheduleSample blocked = schedules.sample(ScheduleDao.BLOCKED, Examples.MAX);
        if (blocked.matching() == 0) {
            return Result.healthy(blocked.total() + " schedules, none blocked");
        }
        return Result.unhealthy(blocked.matching() + " schedule(s) BLOCKED and not running: " + Examples.of(
                blocked.first().stream().map(s -> s.name() + " (" + s.whyBlocked() + ")").toList(), blocked.matching()));
    }
}
