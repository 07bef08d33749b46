package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;

import java.util.List;
import java.util.stream.Collectors;

/** No schedule is BLOCKED (cycle, missing dependency, invalid cron or operation); names each one and why. */
public final class DagHealthCheck extends HealthCheck {
    private final ScheduleDao schedules;

    public DagHealthCheck(ScheduleDao schedules) {
        this.schedules = schedules;
    }

    @Override
    protected Result check() {
        List<Schedule> all = schedules.findAll();
        List<Schedule> blocked = all.stream().filter(Schedule::blocked).toList();
        if (blocked.isEmpty()) {
            return Result.healthy(all.size() + " schedules, none blocked");
        }
        return Result.unhealthy(blocked.size() + " schedule(s) BLOCKED and not running: " + blocked.stream()
                .map(s -> s.name() + " (" + s.whyBlocked() + ")").collect(Collectors.joining("; ")));
    }
}
