package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.testing.BadRows;
import org.guardian.orchestrator.testing.ManySchedules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The count gauges above {@link ScheduleGauges#PER_SCHEDULE_MAX} schedules, counted in SQL, equal
 * those of {@link ScheduleState#of(Schedule, boolean, boolean)} over every row, whatever runs here
 * and whether the cluster is paused; below the limit each schedule keeps its gauges.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScheduleGaugesIT {
    private final MetricRegistry registry = new MetricRegistry();
    private final MetricsListener runs = new MetricsListener(registry);
    private final AtomicBoolean clusterPaused = new AtomicBoolean();

    @Test
    void countsAboveTheLimitAreTheStatesOfEveryRow() {
        ManySchedules db = ManySchedules.in("gauges_above", ScheduleGauges.PER_SCHEDULE_MAX + 1_000);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        BadRows.ALL.forEach(row -> BadRows.insert(db::execute, row));
        db.everyNth(7, 0, "UPDATE orchestrator.maintenance_schedules SET paused = true");
        db.everyNth(11, 0, "UPDATE orchestrator.maintenance_schedules SET suppressed_at = now()");
        db.everyNth(13, 0, "UPDATE orchestrator.maintenance_schedules SET is_enabled = false");
        db.everyNth(17, 0, "UPDATE orchestrator.maintenance_schedules SET blocked_reason = 'cron: invalid'");
        List<Schedule> all = dao.findAll();
        all.stream().filter(s -> s.name().startsWith("many_")).limit(40).forEach(this::startRunning);
        ScheduleGauges gauges = new ScheduleGauges(registry, dao, clusterPaused::get, runs, Duration.ZERO);

        for (boolean paused : new boolean[] {false, true}) {
            clusterPaused.set(paused);
            gauges.refresh();
            assertThat(gauge(MetricNames.SCHEDULES_TOTAL)).isEqualTo((long) all.size());
            assertThat(gauge(MetricNames.SCHEDULES_BLOCKED)).as("blocked").isEqualTo(count(all, ScheduleState.BLOCKED))
                    .isGreaterThan(5);
            assertThat(gauge(MetricNames.SCHEDULES_SUPPRESSED)).as("suppressed").isEqualTo(count(all, ScheduleState.SUPPRESSED))
                    .isPositive();
            assertThat(gauge(MetricNames.SCHEDULES_PAUSED)).as("paused, cluster paused " + paused)
                    .isEqualTo(count(all, ScheduleState.PAUSED)).isPositive();
        }
        assertThat(registry.getGauges((name, metric) -> name.startsWith(MetricNames.STATE))).isEmpty();
    }

    @Test
    void aboveTheLimitCountsAreKeptUntilTheyAreDueAgain() {
        ManySchedules db = ManySchedules.in("gauges_kept", ScheduleGauges.PER_SCHEDULE_MAX + 10);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        ScheduleGauges gauges = new ScheduleGauges(registry, dao, clusterPaused::get, runs, Duration.ofMinutes(5));
        gauges.refresh();
        long before = gauge(MetricNames.SCHEDULES_SUPPRESSED);

        db.everyNth(10, 0, "UPDATE orchestrator.maintenance_schedules SET suppressed_at = now()");
        gauges.refresh();

        assertThat(gauge(MetricNames.SCHEDULES_SUPPRESSED)).as("not counted again within the interval").isEqualTo(before);
        MetricRegistry fresh = new MetricRegistry();
        new ScheduleGauges(fresh, dao, clusterPaused::get, runs, Duration.ofMinutes(5)).refresh();
        assertThat(((Number) fresh.getGauges().get(MetricNames.SCHEDULES_SUPPRESSED).getValue()).longValue())
                .as("a new count sees them").isGreaterThan(before);
    }

    @Test
    void belowTheLimitEachScheduleHasItsGaugesAndTheCountsAgree() {
        ManySchedules db = ManySchedules.in("gauges_below", 100);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        db.everyNth(10, 0, "UPDATE orchestrator.maintenance_schedules SET suppressed_at = now()");
        ScheduleGauges gauges = new ScheduleGauges(registry, dao, clusterPaused::get, runs);

        gauges.refresh();

        assertThat(gauge(MetricNames.SCHEDULES_SUPPRESSED)).isEqualTo(10L);
        assertThat(registry.getGauges().get(MetricNames.of(MetricNames.STATE, "many_00010")).getValue())
                .isEqualTo(ScheduleState.SUPPRESSED.ordinal());
    }

    private void startRunning(Schedule schedule) {
        runs.started(schedule, new FireRequest(schedule.name(), TriggerKind.CRON, null, 1, null, false), Instant.now());
    }

    private long count(List<Schedule> all, ScheduleState state) {
        return all.stream().filter(s -> ScheduleState.of(s, runs.isRunning(s.name()), clusterPaused.get()) == state).count();
    }

    private long gauge(String name) {
        Gauge<?> gauge = registry.getGauges().get(name);
        return ((Number) gauge.getValue()).longValue();
    }
}
