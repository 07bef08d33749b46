package org.guardian.orchestrator.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The one deadline a stopping node keeps: running attempts get the shutdown timeout, every step
 * after them what is left of a fixed allowance. A step that may block without a bound of its own
 * runs on a thread of its own, waited for until the deadline and otherwise left to finish.
 */
final class StopDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(StopDeadline.class);

    /** A blocking step of the stop. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final long attemptsEnd;
    private final long end;

    private StopDeadline(long attemptsEnd, long end) {
        this.attemptsEnd = attemptsEnd;
        this.end = end;
    }

    static StopDeadline after(Duration attempts, Duration allowance) {
        long attemptsEnd = System.nanoTime() + attempts.toNanos();
        return new StopDeadline(attemptsEnd, attemptsEnd + allowance.toNanos());
    }

    /** When running attempts are interrupted, in {@link System#nanoTime} nanoseconds. */
    long forAttempts() {
        return attemptsEnd;
    }

    /** When the stop returns at the latest, in {@link System#nanoTime} nanoseconds. */
    long end() {
        return end;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    /** @return whether the step finished by the deadline */
    boolean run(String step, Step action) {
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (Exception e) {
                LOG.warn("Stopping: {} failed: {}", step, e.toString());
            }
        }, "orch-stop-" + step);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(Math.max(1, remaining().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Stopping: {} did not finish by the stop deadline; it is left to finish on its own", step);
            return false;
        }
        return true;
    }
}
