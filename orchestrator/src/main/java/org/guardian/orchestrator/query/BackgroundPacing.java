package org.guardian.orchestrator.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Paces a background loop (the listings' warm-up) on the thread that runs it: after each chunk of
 * work it sleeps as long as the chunk took when other threads waited for a core meanwhile, and goes
 * straight on when none did. Linux counts the time a thread waits for a core in
 * {@code /proc/thread-self/schedstat}; where that cannot be read, it always sleeps (half a core at most).
 */
final class BackgroundPacing {
    static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    /** Waiting for a core over a twentieth of the chunk's time means the cores are wanted. */
    private static final int CONTENDED_SHARE = 20;

    private final Path schedstat;
    private long chunkSince;
    private OptionalLong waitedSince;

    BackgroundPacing(Path schedstat) {
        this.schedstat = schedstat;
        start();
    }

    /** Pacing for the calling thread, its first chunk starting now. */
    static BackgroundPacing onThisThread() {
        return new BackgroundPacing(SCHEDSTAT);
    }

    /** Ends a chunk: sleeps when the cores were contended during it, then starts the next one. */
    void chunkDone() throws InterruptedException {
        long took = System.nanoTime() - chunkSince;
        OptionalLong waitedNow = waitedForCores(schedstat);
        long waited = waitedSince.isPresent() && waitedNow.isPresent()
                ? waitedNow.getAsLong() - waitedSince.getAsLong() : took;
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(pause(took, waited)));
        start();
    }

    /** How long to sleep after a chunk that took {@code took} ns, of which {@code waited} ns waiting for a core. */
    static long pause(long took, long waited) {
        return waited * CONTENDED_SHARE > took ? took : 0;
    }

    /** The calling thread's total time waiting for a core, in ns (the second field of schedstat). */
    static OptionalLong waitedForCores(Path schedstat) {
        try {
            String[] fields = Files.readString(schedstat).trim().split("\\s+");
            return fields.length < 2 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[1]));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void start() {
        waitedSince = waitedForCores(schedstat);
        chunkSince = System.nanoTime();
    }
}
