package org.guardian.orchestrator.health;

import org.guardian.orchestrator.core.Examples;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.annotation.Async;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.db.ScheduleSample;

/**
 * Reports suppressed schedules. Always healthy (a suppressed schedule is an operator's job, not
 * a broken node), but the message names the first {@value Examples#MAX} by name, when and after
 * how many failures, and how many more; the details give their count and those names.
 */
@Async(period = BackgroundChecks.PERIOD_SECONDS, scheduleType = Async.ScheduleType.FIXED_DELAY,
        healthyTtl = BackgroundChecks.FRESH_SECONDS)
public final class SuppressedSchedulesHealthCheck extends HealthCheck {
    private final ScheduleDao schedules;

    public SuppressedSchedulesHealthCheck(ScheduleDao schedules) {
        this.schedules = schedules;
    }

    @Override
    protected Result check() {
        ScheduleSample suppressed = schedules.sample(ScheduleDao.SUPPRESSED, Examples.MAX);
        if (suppressed.matching() == 0) {
            return Result.healthy("no schedule suppressed");
        }
        return Result.builder().healthy()
                .withMessage(suppressed.matching() + " schedule(s) SUPPRESSED (POST /api/schedules/{name}/reset to resume): "
                        + Examples.of(suppressed.first().stream().map(s -> s.name() + " (since " + s.suppressedAt() + ", "
                        + s.consecutiveFailures() + " consecutive failures)").toList(), suppressed.matching()))
                .withDetail("suppressed", suppressed.first().stream().map(Schedule::name).toList())
                .withDetail("suppressedCount", suppressed.matching())
                .build();
    }
}
