package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.scheduler.store.PrefetchingThreadPool;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/** The fires a stopping node is running or has queued, awaited until a deadline. */
final class InFlightAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightAttempts.class);

    private final Scheduler scheduler;
    private final PrefetchingThreadPool pool;

    InFlightAttempts(Scheduler scheduler, PrefetchingThreadPool pool) {
        this.scheduler = scheduler;
        this.pool = pool;
    }

    /**
     * Waits until no fire is running or queued, or the deadline; interrupting those running when
     * {@code interrupting} (each once, including fires that start meanwhile).
     *
     * @return whether none is left
     */
    boolean await(long deadlineNanos, boolean interrupting) {
        Set<String> interrupted = new HashSet<>();
        while (pool.inFlight() > 0 && deadlineNanos - System.nanoTime() > 0) {
            if (interrupting) {
                interruptRunning(interrupted);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return pool.inFlight() == 0;
    }

    private void interruptRunning(Set<String> interrupted) {
        try {
            for (JobExecutionContext job : scheduler.getCurrentlyExecutingJobs()) {
                if (interrupted.add(job.getFireInstanceId())) {
                    scheduler.interrupt(job.getFireInstanceId());
                }
            }
        } catch (SchedulerException e) {
            LOG.warn("Could not interrupt the running attempts: {}", e.getMessage());
        }
    }
}
