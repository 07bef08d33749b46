package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.LoopProgress;
import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Quartz's worker pool with a hand-off queue: {@code threadCount} threads run jobs and, while fires are
 * quick, more wait for a thread (by default about {@link #QUICK_MILLIS} of work per thread at the recent
 * pace, 3 to 31 fires). Offering queue places lets Quartz acquire the next batch while the workers run
 * this one, and offering them only once half are free keeps batches large; with long fires only idle
 * threads are offered, so a node never holds fires an idle peer could run. Fires still queued at
 * shutdown are run: each was committed as executing on this node.
 */
public class PrefetchingThreadPool implements ThreadPool {
    private int threadCount = 10;
    private int queueSize = -1;
    private String threadNamePrefix = "orch-worker";
    private ThreadPoolExecutor executor;
    private final Object lock = new Object();
    private int inFlight;
    private boolean shutdown;
    /** When each running fire started, in {@link #ticks} nanoseconds, by its thread. */
    private final Map<Thread, Long> running = new HashMap<>();
    /** Fires in a row, the latest ones, that each ended within {@link #QUICK_MILLIS}. */
    private int quickInARow;
    /** How long the recent fires took, a moving average in nanoseconds; negative before the first. */
    private long recentNanos = -1;
    private LongSupplier ticks = System::nanoTime;
    /** Where the scheduler thread's rounds are recorded (a node gives its own). */
    private LoopProgress progress = new LoopProgress("scheduler thread", Duration.ofDays(1), System::nanoTime);

    /**
     * A fire that ends within this long is quick. The queue is offered only while the fires are:
     * the last {@code threadCount} fires ended quickly and no running fire has run longer.
     */
    static final long QUICK_MILLIS = 100;
    private static final long QUICK_NANOS = TimeUnit.MILLISECONDS.toNanos(QUICK_MILLIS);
    static final int MIN_QUEUED_PER_THREAD = 3;
    static final int MAX_QUEUED_PER_THREAD = 31;

    public void setThreadCount(int threadCount) {
        this.threadCount = threadCount;
    }

    /** Fires that may wait for a thread; negative: as many as the recent fires' pace allows. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setThreadNamePrefix(String threadNamePrefix) {
        this.threadNamePrefix = threadNamePrefix;
    }

    /** Where the scheduler thread's progress is recorded: it asks this pool for places every round. */
    void setProgress(LoopProgress progress) {
        this.progress = progress;
    }

    /** The scheduler thread went on (an acquisition ended): recorded as its progress. */
    void schedulerThreadProgressed() {
        progress.beat();
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
        if (queueSize >= 0) {
            return threadCount + queueSize;
        }
        long perThread = QUICK_NANOS / Math.max(1, recentNanos);
        return threadCount * (1 + (int) Math.max(MIN_QUEUED_PER_THREAD, Math.min(MAX_QUEUED_PER_THREAD, perThread)));
    }

    /** The largest batch a pool of this many threads with the default queue takes. */
    static int maxCapacity(int threadCount) {
        return threadCount * (1 + MAX_QUEUED_PER_THREAD);
    }

    /**
     * Every thread busy and less than half of the places free: the workers have fires to go on
     * with, and an acquisition now would fetch the one or two places a finished fire just freed
     * (an acquisition and a fire transaction for each). Waiting until half the places are free
     * makes the batches at least that large.
     */
    private boolean workersBusyWithHalfThePlaces() {
        return inFlight >= threadCount && capacity() - inFlight < Math.max(1, capacity() / 2);
    }

    private boolean quick() {
        if (quickInARow < threadCount) {
            return false;
        }
        long startedAfter = ticks.getAsLong() - QUICK_NANOS;
        for (long started : running.values()) {
            if (started - startedAfter < 0) {
                return false;
            }
        }
        return true;
    }

    /** Places the scheduler thread may fill now: idle threads, plus the free queue places while the fires are quick. */
    private int places() {
        if (!quick()) {
            return Math.max(0, threadCount - inFlight);
        }
        return workersBusyWithHalfThePlaces() ? 0 : Math.max(0, capacity() - inFlight);
    }

    /**
     * Takes every fire it is handed until shut down: a refused fire would be completed by Quartz
     * with its trigger in ERROR. What keeps the queue short is what the pool offers to acquire.
     */
    @Override
    public boolean runInThread(Runnable runnable) {
        synchronized (lock) {
            if (shutdown) {
                return false;
            }
            inFlight++;
        }
        executor.execute(() -> {
            synchronized (lock) {
                running.put(Thread.currentThread(), ticks.getAsLong());
            }
            try {
                runnable.run();
            } finally {
                synchronized (lock) {
                    inFlight--;
                    Long started = running.remove(Thread.currentThread());
                    ended(started == null ? Long.MAX_VALUE : ticks.getAsLong() - started);
                    lock.notifyAll();
                }
            }
        });
        return true;
    }

    private void ended(long tookNanos) {
        boolean quick = tookNanos <= QUICK_NANOS;
        quickInARow = quick ? Math.min(quickInARow + 1, Integer.MAX_VALUE - 1) : 0;
        if (quick) {
            recentNanos = recentNanos < 0 ? tookNanos : recentNanos + (tookNanos - recentNanos) / 16;
        }
    }

    /** Waits for places; waiting while every worker is busy counts as the scheduler thread's progress. */
    @Override
    public int blockForAvailableThreads() {
        synchronized (lock) {
            progress.beat();
            int places;
            while ((places = places()) == 0 && !shutdown) {
                try {
                    lock.wait(QUICK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                progress.beat();
            }
            return places;
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

    /** For tests: the clock that tells whether fires end often, in nanoseconds. */
    void setTicks(LongSupplier ticks) {
        this.ticks = ticks;
    }

    /**
     * How many fires due a little later the scheduler thread may acquire now: all the places while
     * the fires are quick (the workers will have taken on the fires in flight by then), otherwise
     * none beyond what {@link #blockForAvailableThreads} offers.
     */
    public int placesForLaterFires() {
        synchronized (lock) {
            return quick() ? capacity() : 0;
        }
    }

    @Override
    public void setInstanceId(String schedInstId) {
    }

    @Override
    public void setInstanceName(String schedName) {
    }
}
