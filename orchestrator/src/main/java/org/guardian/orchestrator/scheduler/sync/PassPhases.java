package org.guardian.orchestrator.scheduler.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.concurrent.TimeUnit;

/** How long each phase of a pass held the lock: logged when the pass took a second or more. */
final class PassPhases {
    private static final Logger LOG = LoggerFactory.getLogger(PassPhases.class);
    private static final long SLOW_MS = 1_000;

    private final long begun = System.nanoTime();
    private final StringBuilder ended = new StringBuilder();
    private long last = begun;

    void ended(String phase) {
        long now = System.nanoTime();
        ended.append(ended.isEmpty() ? "" : ", ").append(phase).append(' ')
                .append(TimeUnit.NANOSECONDS.toMillis(now - last)).append(" ms");
        last = now;
    }

    /** How long the pass has held the lock so far. */
    long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
    }

    void log(PassScope scope, int schedules, int examined) {
        long total = TimeUnit.NANOSECONDS.toMillis(last - begun);
        String kind = scope.full() ? "full" : scope.complete() ? "partial" : "joining";
        LOG.atLevel(total >= SLOW_MS ? Level.INFO : Level.DEBUG).log(
                "A {} pass ({} schedules read, {} examined) held the lock {} ms: {}", kind, schedules, examined, total,
                ended);
    }
}
