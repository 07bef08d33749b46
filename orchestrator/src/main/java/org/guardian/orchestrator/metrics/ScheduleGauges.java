package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.db.StateCounts;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Per-schedule gauges (consecutive failures, state) and the counts of suppressed, blocked and
 * paused schedules, read from a snapshot of {@code maintenance_schedules} that {@link #refresh()}
 * renews (every few seconds). Gauges appear for new schedules and go away with deleted ones; above
 * {@link #PER_SCHEDULE_MAX} schedules only the counts are kept, counted in SQL at each refresh.
 *
 * <p>The state gauge is the ordinal of {@link ScheduleState}: 0 NORMAL, 1 PAUSED, 2 SUPPRESSED,
 * 3 BLOCKED, 4 RUNNING (on this node), 5 DISABLED.
 */
public final class ScheduleGauges {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleGauges.class);
    /** Above this many schedules, two gauges each (and their JMX beans) cost more than they tell. */
    static final int PER_SCHEDULE_MAX = 2_000;
    /** Above the limit, how long counts are kept (0.1-0.3 s of the database's time each at 100,000 schedules). */
    static final Duration COUNTS_EVERY = Duration.ofSeconds(30);

    private final FailureStreak failing = new FailureStreak(LOG, "Refreshing the schedule gauges");
    private final MetricRegistry registry;
    private final ScheduleDao schedules;
    private final BooleanSupplier globallyPaused;
    private final MetricsListener runs;
    private volatile Map<String, Schedule> snapshot = Map.of();
    private volatile boolean clusterPaused;
    /** Above the limit, the counts of the last refresh; null while the snapshot holds every schedule. */
    private volatile StateCounts counts;
    private final Set<String> registered = new HashSet<>();
    private boolean overLimitLogged;
    private long countedAt;
    private final Duration countsEvery;

    public ScheduleGauges(MetricRegistry registry, ScheduleDao schedules, BooleanSupplier globallyPaused,
                          MetricsListener runs) {
        this(registry, schedules, globallyPaused, runs, COUNTS_EVERY);
    }

    /** @param countsEvery above the limit, the least time between two counts */
    public ScheduleGauges(MetricRegistry registry, ScheduleDao schedules, BooleanSupplier globallyPaused,
                          MetricsListener runs, Duration countsEvery) {
        this.countsEvery = countsEvery;
        this.registry = registry;
        this.schedules = schedules;
        this.globallyPaused = globallyPaused;
        this.runs = runs;
        registry.gauge(MetricNames.SCHEDULES_TOTAL, () -> () -> counts != null ? counts.total() : snapshot.size());
        registry.gauge(MetricNames.SCHEDULES_SUPPRESSED, () -> () -> counts != null ? counts.suppressed()
                : count(ScheduleState.SUPPRESSED));
        registry.gauge(MetricNames.SCHEDULES_BLOCKED, () -> () -> counts != null ? counts.blocked()
                : count(ScheduleState.BLOCKED));
        registry.gauge(MetricNames.SCHEDULES_PAUSED, () -> () -> counts != null ? counts.paused()
                : count(ScheduleState.PAUSED));
    }

    /**
     * Reloads the table (only its counts above the limit, and those at most every
     * {@link #COUNTS_EVERY} by default: each count reads every row) and adds or removes per-schedule gauges; never throws.
     */
    public synchronized void refresh() {
        if (counts != null && System.nanoTime() - countedAt < countsEvery.toNanos()) {
            return;
        }
        try {
            boolean paused = globallyPaused.getAsBoolean();
            if (schedules.count() <= PER_SCHEDULE_MAX) {
                List<Schedule> all = schedules.findAll();
                clusterPaused = paused;
                snapshot = all.stream().collect(Collectors.toMap(Schedule::name, Function.identity()));
                counts = null;
                registerEach();
            } else {
                StateCounts counted = schedules.stateCounts(runs.running().toArray(String[]::new), paused);
                countedAt = System.nanoTime();
                counts = counted;
                snapshot = Map.of();
                overLimit(counted.total());
            }
            failing.succeeded();
        } catch (RuntimeException e) {
            failing.failed(e);
        }
    }

    private void registerEach() {
        Set<String> gone = new HashSet<>(registered);
        gone.removeAll(snapshot.keySet());
        gone.forEach(this::unregister);
        snapshot.keySet().stream().filter(registered::add).forEach(this::register);
    }

    private void overLimit(long total) {
        if (!registered.isEmpty() || !overLimitLogged) {
            LOG.warn("{} schedules: above {}, only the counts are gauges, not each schedule's state and"
                    + " consecutive failures (the API and the table have them)", total, PER_SCHEDULE_MAX);
            overLimitLogged = true;
        }
        Set.copyOf(registered).forEach(this::unregister);
    }

    private void register(String name) {
        registry.register(MetricNames.of(MetricNames.CONSECUTIVE_FAILURES, name),
                (Gauge<Integer>) () -> read(name, Schedule::consecutiveFailures));
        registry.register(MetricNames.of(MetricNames.STATE, name),
                (Gauge<Integer>) () -> read(name, s -> state(s).ordinal()));
    }

    private void unregister(String name) {
        registered.remove(name);
        registry.remove(MetricNames.of(MetricNames.CONSECUTIVE_FAILURES, name));
        registry.remove(MetricNames.of(MetricNames.STATE, name));
    }

    private Integer read(String name, Function<Schedule, Integer> value) {
        Schedule schedule = snapshot.get(name);
        return schedule == null ? null : value.apply(schedule);
    }

    private ScheduleState state(Schedule schedule) {
        return ScheduleState.of(schedule, runs.isRunning(schedule.name()), clusterPaused);
    }

    private long count(ScheduleState state) {
        return snapshot.values().stream().filter(s -> state(s) == state).count();
    }
}
