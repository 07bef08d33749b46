package org.guardian.orchestrator.metrics;

import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.guardian.orchestrator.core.FireRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns attempts into Dropwizard metrics: per schedule a duration timer, a meter per outcome,
 * retries, suppressions, and the fire lateness of cron attempts; for the node, recoveries and the
 * attempts that failed while the target database was unreachable.
 */
public final class MetricsListener implements ExecutionListener {
    private final MetricRegistry registry;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public MetricsListener(MetricRegistry registry) {
        this.registry = registry;
        registry.meter(MetricNames.TARGET_UNREACHABLE);
    }

    @Override
    public void started(Schedule schedule, FireRequest request, Instant startedAt) {
        running.add(schedule.name());
        if (request.kind() == TriggerKind.CRON && request.scheduledFireTime() != null) {
            long lateMs = Math.max(0, Duration.between(request.scheduledFireTime(), startedAt).toMillis());
            registry.histogram(MetricNames.of(MetricNames.LATENESS, schedule.name())).update(lateMs);
        }
        if (request.kind() == TriggerKind.RECOVERY) {
            registry.meter(MetricNames.RECOVERIES).mark();
        }
    }

    @Override
    public void finished(Schedule schedule, FireRequest request, RunStatus status, long durationMs) {
        running.remove(schedule.name());
        registry.timer(MetricNames.of(MetricNames.DURATION, schedule.name())).update(durationMs, TimeUnit.MILLISECONDS);
        registry.meter(MetricNames.runs(outcome(status), schedule.name())).mark();
    }

    @Override
    public void ended(Schedule schedule, FireRequest request, Outcome outcome, boolean finalFailure) {
        if (outcome.targetUnreachable()) {
            registry.meter(MetricNames.TARGET_UNREACHABLE).mark();
        }
    }

    @Override
    public void retryScheduled(Schedule schedule) {
        registry.meter(MetricNames.of(MetricNames.RETRIES, schedule.name())).mark();
    }

    @Override
    public void suppressed(Schedule schedule) {
        registry.meter(MetricNames.of(MetricNames.SUPPRESSIONS, schedule.name())).mark();
    }

    /** The schedules with an attempt running on this node now (a copy). */
    public Set<String> running() {
        return Set.copyOf(running);
    }

    /** Whether an attempt of the schedule runs on this node now. */
    public boolean isRunning(String schedule) {
        return running.contains(schedule);
    }

    /** FAILED is counted as "failure"; the other statuses by their own name. */
    static String outcome(RunStatus status) {
        return status == RunStatus.FAILED ? "failure" : status.name().toLowerCase(Locale.ROOT);
    }
}
