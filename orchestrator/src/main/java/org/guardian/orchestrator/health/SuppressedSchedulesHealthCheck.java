package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reports suppressed schedules. Always healthy (a suppressed schedule is an operator's job, not
 * a broken node), but the message names each one, when and after how many failures.
 */
public final class SuppressedSchedulesHealthCheck extends HealthCheck {
    private final ScheduleDao schedules;

    public SuppressedSchedulesHealthCheck(ScheduleDao schedules) {
        this.schedules = schedules;
    }

    @Override
    protected Result check() {
        List<Schedule> suppressed = schedules.findAll().stream().filter(Schedule::suppressed).toList();
        if (suppressed.isEmpty()) {
            return Result.healthy("no schedule suppressed");
        }
        return Result.builder().healthy()
                .withMessage(suppressed.size() + " schedule(s) SUPPRESSED (POST /api/schedules/{name}/reset to resume): "
                        + suppressed.stream().map(s -> s.name() + " (since " + s.suppressedAt() + ", "
                        + s.consecutiveFailures() + " consecutive failures)").collect(Collectors.joining("; ")))
                .withDetail("suppressed", suppressed.stream().map(Schedule::name).toList())
                .build();
    }
}
