package org.guardian.orchestrator.metrics;

import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric name the orchestrator registers, in one place. Per-schedule metrics end with the
 * schedule name ({@code orchestrator.schedule.runs.success.<schedule>}) so that the Prometheus
 * bridge can turn it into a {@code schedule} label ({@link #PROMETHEUS_MAPPINGS}).
 */
public final class MetricNames {
    public static final String SCHEDULE = "orchestrator.schedule.";
    public static final String RUNS = SCHEDULE + "runs.";
    public static final String DURATION = SCHEDULE + "duration.";
    public static final String LATENESS = SCHEDULE + "lateness.";
    public static final String RETRIES = SCHEDULE + "retries.";
    public static final String SUPPRESSIONS = SCHEDULE + "suppressions.";
    public static final String CONSECUTIVE_FAILURES = SCHEDULE + "consecutive_failures.";
    public static final String STATE = SCHEDULE + "state.";

    public static final String SCHEDULER_RUNNING = "orchestrator.scheduler.running";
    public static final String SCHEDULER_STANDBY = "orchestrator.scheduler.standby";
    public static final String SCHEDULER_PAUSED = "orchestrator.scheduler.paused";
    public static final String THREADS_BUSY = "orchestrator.scheduler.threads.busy";
    public static final String THREADS_TOTAL = "orchestrator.scheduler.threads.total";
    public static final String MISFIRES = "orchestrator.scheduler.misfires";
    public static final String RECOVERIES = "orchestrator.scheduler.recoveries";
    public static final String NODES_ALIVE = "orchestrator.cluster.nodes_alive";
    public static final String CLOCK_OFFSET = "orchestrator.clock.offset_ms";
    public static final String SCHEDULES_TOTAL = "orchestrator.schedules.total";
    public static final String SCHEDULES_SUPPRESSED = "orchestrator.schedules.suppressed";
    public static final String SCHEDULES_BLOCKED = "orchestrator.schedules.blocked";
    public static final String SCHEDULES_PAUSED = "orchestrator.schedules.paused";
    public static final String OUTCOMES_QUEUED = "orchestrator.outcomes.queued";
    public static final String ATTEMPTS_STUCK = "orchestrator.attempts.stuck";
    public static final String TARGET_UNREACHABLE = "orchestrator.attempts.target_unreachable";
    public static final String POOL = "orchestrator.db.pool.";
    public static final String OLD_PRIMARY_REFUSED = "orchestrator.db.old_primary_refused";
    public static final String HEALTH = "orchestrator.health.";
    public static final String QUEUE_LENGTH = "guardian.cache_invalidation_queue.length";
    public static final String OPEN_ALERTS = "guardian.performance_alerts.open";

    /** Dropwizard name pattern → Prometheus name and labels ({@code ${n}} is the n-th {@code *}). */
    public static final List<MapperConfig> PROMETHEUS_MAPPINGS = List.of(
            new MapperConfig(RUNS + "*.*", "orchestrator_schedule_runs", labels("schedule", "${1}", "status", "${0}")),
            new MapperConfig(DURATION + "*", "orchestrator_schedule_duration_seconds", labels("schedule", "${0}")),
            new MapperConfig(LATENESS + "*", "orchestrator_schedule_lateness_milliseconds", labels("schedule", "${0}")),
            new MapperConfig(RETRIES + "*", "orchestrator_schedule_retries", labels("schedule", "${0}")),
            new MapperConfig(SUPPRESSIONS + "*", "orchestrator_schedule_suppressions", labels("schedule", "${0}")),
            new MapperConfig(CONSECUTIVE_FAILURES + "*", "orchestrator_schedule_consecutive_failures",
                    labels("schedule", "${0}")),
            new MapperConfig(STATE + "*", "orchestrator_schedule_state", labels("schedule", "${0}")),
            new MapperConfig(HEALTH + "*", "orchestrator_health", labels("check", "${0}")));

    private MetricNames() {
    }

    /** The schedule's name as the last segment of a metric name (a dot would split it). */
    public static String segment(String schedule) {
        return schedule.replace('.', '_');
    }

    /** Labels in the given order (the exposition keeps it). */
    private static Map<String, String> labels(String... keysAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            labels.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return labels;
    }

    public static String runs(String status, String schedule) {
        return RUNS + status + "." + segment(schedule);
    }

    public static String of(String prefix, String schedule) {
        return prefix + segment(schedule);
    }
}
