package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;

import java.util.List;
import java.util.stream.Collectors;

/**
 * No schedule has a {@code notify} that cannot be used (written by SQL); names each one and why.
 * Such a schedule still runs, and its notifications go to the configured defaults.
 */
public final class NotifyHealthCheck extends HealthCheck {
    private final ScheduleDao schedules;

    public NotifyHealthCheck(ScheduleDao schedules) {
        this.schedules = schedules;
    }

    @Override
    protected Result check() {
        List<Schedule> all = schedules.findAll();
        List<Schedule> bad = all.stream().filter(s -> s.notifyProblem() != null).toList();
        if (bad.isEmpty()) {
            return Result.healthy(all.size() + " schedules, every notify usable");
        }
        return Result.unhealthy(bad.size() + " schedule(s) with a notify that cannot be used: " + bad.stream()
                .map(s -> s.name() + " (" + s.notifyProblem() + ")").collect(Collectors.joining("; ")));
    }
}
