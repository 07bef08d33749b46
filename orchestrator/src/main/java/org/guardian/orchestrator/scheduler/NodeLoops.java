package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.scheduler.execution.OutcomeBatcher;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.quartz.SchedulerListener;
import org.quartz.listeners.SchedulerListenerSupport;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The background loops of a node that health watches by their progress. Each may go two of its
 * periods plus {@link #SLACK} without progress (a slow statement, a database restart) before it
 * counts as stalled; the reconciler {@link #RECONCILER_SLACK}, as its pass over a large table,
 * and the passes of other nodes it waits for, take minutes.
 */
public final class NodeLoops {
    static final Duration SLACK = Duration.ofSeconds(30);
    static final Duration RECONCILER_SLACK = Duration.ofMinutes(2);

    private final LoopProgress schedulerThread;
    private final LoopProgress outcomeWriter;
    private final LoopProgress reconciler;
    private final LoopProgress heartbeat;
    private final LoopProgress sweeper;
    private final LoopProgress notificationSweeper;
    private final LoopProgress clockWatch;

    NodeLoops(SchedulerSettings settings, Duration sweepPeriod, LongSupplier ticker) {
        schedulerThread = loop("scheduler thread", Duration.ofMillis(settings.getIdleWaitMillis()), SLACK, ticker);
        outcomeWriter = loop("outcome writer", Duration.ofMillis(OutcomeBatcher.POLL_MILLIS), SLACK, ticker);
        reconciler = loop("reconciler", Duration.ofSeconds(settings.getReconcileIntervalSeconds()), RECONCILER_SLACK,
                ticker);
        heartbeat = loop("liveness heartbeat", Duration.ofMillis(settings.getCheckinIntervalMillis()), SLACK, ticker);
        sweeper = loop("stuck-attempt sweeper", sweepPeriod, SLACK, ticker);
        notificationSweeper = loop("notification sweeper", sweepPeriod, SLACK, ticker);
        clockWatch = loop("clock watch", ClockWatch.PERIOD, SLACK, ticker);
    }

    private static LoopProgress loop(String name, Duration period, Duration slack, LongSupplier ticker) {
        return new LoopProgress(name, slack.plus(period.multipliedBy(2)), ticker);
    }

    public List<LoopProgress> all() {
        return List.of(schedulerThread, outcomeWriter, reconciler, heartbeat, sweeper, notificationSweeper, clockWatch);
    }

    /** The node started: every loop runs from now, the scheduler thread while Quartz is not in standby. */
    void start() {
        List.of(outcomeWriter, reconciler, heartbeat, sweeper, notificationSweeper, clockWatch)
                .forEach(LoopProgress::running);
    }

    void stop() {
        all().forEach(loop -> loop.notRunning("node stopped"));
    }

    /** Follows Quartz: its scheduler thread runs only while the scheduler is started and not in standby. */
    SchedulerListener quartzListener() {
        return new SchedulerListenerSupport() {
            @Override
            public void schedulerStarted() {
                schedulerThread.running();
            }

            @Override
            public void schedulerInStandbyMode() {
                schedulerThread.notRunning("scheduler in standby");
            }

            @Override
            public void schedulerShuttingdown() {
                schedulerThread.notRunning("scheduler shut down");
            }
        };
    }

    LoopProgress schedulerThread() {
        return schedulerThread;
    }

    LoopProgress clockWatch() {
        return clockWatch;
    }

    LoopProgress outcomeWriter() {
        return outcomeWriter;
    }

    LoopProgress reconciler() {
        return reconciler;
    }

    LoopProgress heartbeat() {
        return heartbeat;
    }

    LoopProgress sweeper() {
        return sweeper;
    }

    LoopProgress notificationSweeper() {
        return notificationSweeper;
    }
}
