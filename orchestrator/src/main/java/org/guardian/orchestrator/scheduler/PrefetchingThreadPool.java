package org.guardian.orchestrator.scheduler;

import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Quartz's worker pool with a short hand-off queue: {@code threadCount} threads run jobs, and up to
 * {@code queueSize} more fires may wait for a thread.
 *
 * <p>Quartz's scheduler thread acquires as many triggers as the pool says it can take. With its
 * {@code SimpleThreadPool} that is the number of idle threads at that instant, which under load is
 * one or two: every fire then costs an acquisition and a firing transaction of its own, and a burst
 * of fires due at the same second is served in many small batches (measured: about two triggers per
 * batch with 100 fires due at once). Counting a few queue places as well lets it acquire full
 * batches while the workers finish the previous one, the way db-scheduler fetches more due
 * executions than it has threads. The queue is kept short (default: as many places as threads) so
 * that a node never holds on to fires that an idle peer could run; concurrency stays
 * {@code threadCount}.
 *
 * <p>On shutdown the fires still queued are run, not dropped: each was already committed as
 * executing on this node.
 */
public class PrefetchingThreadPool implements ThreadPool {
    private int threadCount = 10;
    private int queueSize = -1;
    private String threadNamePrefix = "orch-worker";
    private ThreadPoolExecutor executor;
    private final Object lock = new Object();
    private int inFlight;
    private boolean shutdown;

    public void setThreadCount(int threadCount) {
        this.threadCount = threadCount;
    }

    /** Fires that may wait for a thread; negative: as many as threads. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setThreadNamePrefix(String threadNamePrefix) {
        this.threadNamePrefix = threadNamePrefix;
    }

    @Override
    public void initialize() throws SchedulerConfigException {
        if (threadCount <= 0) {
            throw new SchedulerConfigException("threadCount must be > 0");
        }
        AtomicInteger number = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, threadNamePrefix + "-" + number.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
        executor = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads);
        executor.prestartAllCoreThreads();
    }

    private int capacity() {
        return threadCount + (queueSize < 0 ? threadCount : queueSize);
    }

    private int queuePlaces() {
        return capacity() - threadCount;
    }

    /**
     * Every thread busy and more than half of the queue places taken: the workers have fires to go
     * on with, and an acquisition now would fetch the one or two places a finished fire just freed
     * (an acquisition and a fire transaction for each). Waiting until half the queue is free makes
     * the batches at least that large.
     */
    private boolean workersBusyWithHalfTheQueue() {
        int queued = inFlight - threadCount;
        return queued > 0 && queued > queuePlaces() - Math.max(1, queuePlaces() / 2);
    }

    @Override
    public boolean runInThread(Runnable runnable) {
        synchronized (lock) {
            if (shutdown || inFlight >= capacity()) {
                return false;
            }
            inFlight++;
        }
        executor.execute(() -> {
            try {
                runnable.run();
            } finally {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            }
        });
        return true;
    }

    @Override
    public int blockForAvailableThreads() {
        synchronized (lock) {
            while (!shutdown && (inFlight >= capacity() || workersBusyWithHalfTheQueue())) {
                try {
                    lock.wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return Math.max(0, capacity() - inFlight);
        }
    }

    @Override
    public int getPoolSize() {
        return threadCount;
    }

    /** Fires handed to the pool and not yet finished (running or queued). */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    @Override
    public void shutdown(boolean waitForJobsToComplete) {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
        executor.shutdown();
        if (waitForJobsToComplete) {
            try {
                executor.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void setInstanceId(String schedInstId) {
    }

    @Override
    public void setInstanceName(String schedName) {
    }
}
