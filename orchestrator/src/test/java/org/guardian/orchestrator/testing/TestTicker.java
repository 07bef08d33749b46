package org.guardian.orchestrator.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A node's ticker in tests: real time plus an offset the test moves ahead (every loop then looks
 * that much older until it goes round again), and an Error that the next tick of one named thread
 * throws (a loop's thread killed by something its loop cannot catch).
 */
public final class TestTicker implements LongSupplier {
    private final AtomicLong offset = new AtomicLong();
    private final AtomicReference<String> failingThread = new AtomicReference<>();
    private volatile Error failure;

    @Override
    public long getAsLong() {
        String name = failingThread.get();
        if (name != null && name.equals(Thread.currentThread().getName()) && failingThread.compareAndSet(name, null)) {
            throw failure;
        }
        return System.nanoTime() + offset.get();
    }

    public void advance(Duration by) {
        offset.addAndGet(by.toNanos());
    }

    public void failNextTickOf(String threadName, Error error) {
        failure = error;
        failingThread.set(threadName);
    }
}
