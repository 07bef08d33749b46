package org.guardian.orchestrator.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Factories of a node's background threads: daemons (the JVM's exit does not wait for them), named for thread dumps. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> daemon(new Thread(r, name));
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> daemon(new Thread(r, prefix + "-" + count.incrementAndGet()));
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }
}
