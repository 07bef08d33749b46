package org.guardian.orchestrator.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The scheduler as a whole: running, standby, global pause, worker threads, misfires, and how many
 * nodes of the cluster checked in recently. Database reads are cached a few seconds.
 */
public final class SchedulerGauges {
    /** A node counts as alive until its check-in is this late (Quartz's own failure rule). */
    public static final long CHECKIN_GRACE_MILLIS = 7_500;
    private static final long CACHE_SECONDS = 3;

    private SchedulerGauges() {
    }

    public static void register(MetricRegistry registry, Scheduler scheduler, SchedulerStateDao state,
                                BooleanSupplier globallyPaused) throws SchedulerException {
        registry.register(MetricNames.SCHEDULER_RUNNING, (Gauge<Integer>) () -> quartz(() ->
                scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode()));
        registry.register(MetricNames.SCHEDULER_STANDBY, (Gauge<Integer>) () -> quartz(scheduler::isInStandbyMode));
        registry.register(MetricNames.SCHEDULER_PAUSED, cached(() -> globallyPaused.getAsBoolean() ? 1 : 0));
        registry.register(MetricNames.THREADS_BUSY, (Gauge<Integer>) () -> value(() ->
                scheduler.getCurrentlyExecutingJobs().size()));
        registry.register(MetricNames.THREADS_TOTAL, (Gauge<Integer>) () -> value(() ->
                scheduler.getMetaData().getThreadPoolSize()));
        registry.register(MetricNames.NODES_ALIVE, cached(() ->
                state.countAlive(CHECKIN_GRACE_MILLIS)));
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

    private static Gauge<Integer> cached(Callable<Integer> read) {
        return new CachedGauge<>(CACHE_SECONDS, TimeUnit.SECONDS) {
            @Override
            protected Integer loadValue() {
                return value(read);
            }
        };
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
