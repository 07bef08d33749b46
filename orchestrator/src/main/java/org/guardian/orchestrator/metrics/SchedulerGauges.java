package org.guardian.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The scheduler as a whole: running, standby, global pause, worker threads, misfires, and how many
 * nodes of the cluster checked in recently. Database reads are made in the background every 3 s.
 */
public final class SchedulerGauges {
    /** A node counts as alive until its check-in is this late (Quartz's own failure rule). */
    public static final long CHECKIN_GRACE_MILLIS = 7_500;
    private static final Duration PERIOD = Duration.ofSeconds(3);

    private SchedulerGauges() {
    }

    public static void register(MetricRegistry registry, Scheduler scheduler, SchedulerStateDao state,
                                BooleanSupplier globallyPaused, SampledGauges sampled) throws SchedulerException {
        registry.register(MetricNames.SCHEDULER_RUNNING, (Gauge<Integer>) () -> quartz(() ->
                scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode()));
        registry.register(MetricNames.SCHEDULER_STANDBY, (Gauge<Integer>) () -> quartz(scheduler::isInStandbyMode));
        registry.register(MetricNames.SCHEDULER_PAUSED,
                sampled.every(PERIOD, () -> globallyPaused.getAsBoolean() ? 1 : 0, -1));
        registry.register(MetricNames.THREADS_BUSY, (Gauge<Integer>) () -> value(() ->
                scheduler.getCurrentlyExecutingJobs().size()));
        registry.register(MetricNames.THREADS_TOTAL, (Gauge<Integer>) () -> value(() ->
                scheduler.getMetaData().getThreadPoolSize()));
        registry.register(MetricNames.NODES_ALIVE, sampled.every(PERIOD, () -> state.countAlive(CHECKIN_GRACE_MILLIS), -1));
        registry.meter(MetricNames.MISFIRES);
        registry.meter(MetricNames.RECOVERIES);
        scheduler.getListenerManager().addTriggerListener(new TriggerListenerSupport() {
            @Override
            public String getName() {
                return "orchestrator-metrics";
            }

            @Override
            public void triggerMisfired(Trigger trigger) {
                registry.meter(MetricNames.MISFIRES).mark();
            }
        });
    }

    private static int quartz(Callable<Boolean> read) {
        return value(() -> read.call() ? 1 : 0);
    }

    /** -1 when the value cannot be read (database or scheduler unavailable). */
    private static int value(Callable<Integer> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return -1;
        }
    }
}
