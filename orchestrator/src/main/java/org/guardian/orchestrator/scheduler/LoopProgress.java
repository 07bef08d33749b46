package org.guardian.orchestrator.scheduler;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * When one background loop of a node last made progress. The loop's own thread calls
 * {@link #beat} each time round; a loop expected to run that has not done so within its limit is
 * stalled, and one whose thread has ended, or that was declared dead, is dead. Read by the
 * {@code progress} health check.
 */
public final class LoopProgress {
    /** What a loop is doing, as health sees it. */
    public enum State { PROGRESSING, NOT_RUNNING, STALLED, DEAD }

    private final String name;
    private final Duration limit;
    private final LongSupplier ticker;
    private volatile long lastNanos;
    private volatile Thread thread;
    private volatile String notRunning = "node not started";
    private volatile String death;

    /** @param ticker monotonic nanoseconds ({@link System#nanoTime} outside tests) */
    public LoopProgress(String name, Duration limit, LongSupplier ticker) {
        this.name = name;
        this.limit = limit;
        this.ticker = ticker;
        this.lastNanos = ticker.getAsLong();
    }

    /** The loop went round: called by its own thread, which health then watches. */
    public void beat() {
        long now = ticker.getAsLong();
        thread = Thread.currentThread();
        lastNanos = now;
    }

    /** The loop is expected to run from now on; its age counts from now. */
    public void running() {
        lastNanos = ticker.getAsLong();
        notRunning = null;
    }

    /** The loop is not supposed to run (node stopped, scheduler in standby): reported, never stalled. */
    void notRunning(String why) {
        notRunning = why;
    }

    /** The loop will not run again while the node runs. */
    void died(String why) {
        death = why;
    }

    public String name() {
        return name;
    }

    public Status status() {
        String idle = notRunning;
        if (idle != null) {
            return new Status(name, State.NOT_RUNNING, null, limit, idle);
        }
        Duration age = Duration.ofNanos(Math.max(0, ticker.getAsLong() - lastNanos));
        String why = death;
        Thread watched = thread;
        if (why == null && watched != null && !watched.isAlive()) {
            why = "its thread " + watched.getName() + " ended";
        }
        if (why != null) {
            return new Status(name, State.DEAD, age, limit, why);
        }
        return new Status(name, age.compareTo(limit) > 0 ? State.STALLED : State.PROGRESSING, age, limit, null);
    }

    /**
     * @param age    since the last progress (null when not running)
     * @param reason why it is not running or dead, else null
     */
    public record Status(String loop, State state, Duration age, Duration limit, String reason) {
        public boolean healthy() {
            return state == State.PROGRESSING || state == State.NOT_RUNNING;
        }

        public String describe() {
            return switch (state) {
                case PROGRESSING -> loop + " progressed " + seconds(age) + " ago (limit " + seconds(limit) + ")";
                case NOT_RUNNING -> loop + " not running (" + reason + ")";
                case STALLED -> loop + " STALLED: no progress for " + seconds(age) + " (limit " + seconds(limit) + ")";
                case DEAD -> loop + " DEAD: " + reason + " (last progress " + seconds(age) + " ago)";
            };
        }

        private static String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
    }
}
