package org.guardian.orchestrator.health;

import org.guardian.orchestrator.core.Examples;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.annotation.Async;
import org.guardian.orchestrator.core.NotifySpec;
import org.guardian.orchestrator.db.NotifyValue;
import org.guardian.orchestrator.db.ScheduleDao;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * No schedule has a {@code notify} that cannot be used (written by SQL); names the first
 * {@value Examples#MAX} by name and why, and how many more. Each distinct value is checked once.
 * Such a schedule still runs, and its notifications go to the configured defaults.
 */
@Async(period = BackgroundChecks.PERIOD_SECONDS, scheduleType = Async.ScheduleType.FIXED_DELAY,
        healthyTtl = BackgroundChecks.FRESH_SECONDS)
public final class NotifyHealthCheck extends HealthCheck {
    private final ScheduleDao schedules;

    public NotifyHealthCheck(ScheduleDao schedules) {
        this.schedules = schedules;
    }

    @Override
    protected Result check() {
        long bad = 0;
        List<Map.Entry<String, String>> named = new ArrayList<>();
        for (NotifyValue value : schedules.notifyValues(Examples.MAX)) {
            String problem = NotifySpec.problemOf(value.json());
            if (problem != null) {
                bad += value.schedules();
                value.names().forEach(name -> named.add(Map.entry(name, problem)));
            }
        }
        if (bad == 0) {
            return Result.healthy(schedules.count() + " schedules, every notify usable");
        }
        return Result.unhealthy(bad + " schedule(s) with a notify that cannot be used: " + Examples.of(named.stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).limit(Examples.MAX)
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList(), bad));
    }
}
