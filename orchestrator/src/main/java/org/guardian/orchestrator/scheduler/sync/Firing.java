package org.guardian.orchestrator.scheduler.sync;

import org.quartz.SchedulerException;

/** Starts this node's firing (its Quartz scheduler); {@link #STARTED} when it runs already. */
@FunctionalInterface
public interface Firing {
    Firing STARTED = () -> { };

    void start() throws SchedulerException;

    /** This firing, started by whichever caller comes first; the others find it started. */
    static Firing once(Firing firing) {
        return new Firing() {
            private boolean started;

            @Override
            public synchronized void start() throws SchedulerException {
                if (!started) {
                    firing.start();
                    started = true;
                }
            }
        };
    }
}
