package org.guardian.orchestrator.scheduler.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PrefetchingThreadPoolTest {
    private final PrefetchingThreadPool pool = new PrefetchingThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    /** The pool's clock, in nanoseconds: still unless a test moves it. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    PrefetchingThreadPoolTest() {
        pool.setTicks(nanos::get);
    }

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdown(true);
    }

    private Runnable blocking(AtomicInteger started, Set<String> threads) {
        return () -> {
            started.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Waits for the fires handed over to end: polled from the start, as hundreds of fires wait in turn. */
    private void noneInFlight() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                .until(() -> pool.inFlight() == 0);
    }

    /** Runs this many fires that end at once (the clock is still): the fires are quick. */
    private void quickFires(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(pool.runInThread(() -> { })).isTrue();
        }
        noneInFlight();
    }

    @Test
    void offersItsThreadsPlusTheQueueButRunsOnlyThreadCountAtOnce() throws Exception {
        pool.setThreadCount(2);
        pool.setQueueSize(3);
        pool.setThreadNamePrefix("test-worker");
        pool.initialize();
        assertThat(pool.blockForAvailableThreads()).as("nothing known of the fires yet: the threads only").isEqualTo(2);
        quickFires(2);
        assertThat(pool.blockForAvailableThreads()).isEqualTo(5);
        assertThat(pool.getPoolSize()).isEqualTo(2);

        AtomicInteger started = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            assertThat(pool.runInThread(blocking(started, threads))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
        assertThat(pool.placesForLaterFires()).as("threads and queue full, and yet a batch for later may fill them")
                .isEqualTo(5);
        assertThat(pool.runInThread(blocking(started, threads))).as("a sixth fire, beyond threads + queue, is"
                + " taken all the same: refusing it would put its trigger in ERROR").isTrue();
        assertThat(pool.inFlight()).isEqualTo(6);
        assertThat(started.get()).as("still only the two threads busy").isEqualTo(2);

        release.countDown();
        noneInFlight();
        assertThat(started.get()).isEqualTo(6);
        assertThat(threads).allMatch(name -> name.startsWith("test-worker-")).hasSizeLessThanOrEqualTo(2);
        assertThat(pool.blockForAvailableThreads()).isEqualTo(5);
    }

    @Test
    void blocksWhileFullAndWakesWhenAFireEnds() throws Exception {
        pool.setThreadCount(1);
        pool.setQueueSize(0);
        pool.initialize();
        AtomicInteger started = new AtomicInteger();
        assertThat(pool.runInThread(blocking(started, ConcurrentHashMap.newKeySet()))).isTrue();
        AtomicInteger available = new AtomicInteger(-1);
        Thread scheduler = new Thread(() -> available.set(pool.blockForAvailableThreads()));
        scheduler.start();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> available.get() == -1);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> available.get() == 1);
        scheduler.join();
    }

    @Test
    void withEveryThreadBusyItOffersPlacesOnlyOnceHalfOfThemAreFree() throws Exception {
        pool.setThreadCount(1);
        pool.setQueueSize(4);
        pool.initialize();
        quickFires(1);
        AtomicInteger started = new AtomicInteger();
        CountDownLatch[] ends = new CountDownLatch[5];
        for (int i = 0; i < ends.length; i++) {
            CountDownLatch end = new CountDownLatch(1);
            ends[i] = end;
            assertThat(pool.runInThread(() -> {
                started.incrementAndGet();
                try {
                    end.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
        AtomicInteger available = new AtomicInteger(-1);
        Thread scheduler = new Thread(() -> available.set(pool.blockForAvailableThreads()));
        scheduler.start();

        ends[0].countDown(); // one place free, three fires still queued behind the busy thread
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> available.get() == -1);

        ends[1].countDown(); // two places free (half of the five): a batch of two may be acquired
        await().atMost(Duration.ofSeconds(5)).until(() -> available.get() == 2);
        scheduler.join();
        for (CountDownLatch end : ends) {
            end.countDown();
        }
    }

    @Test
    void anIdleThreadIsOfferedAtOnceEvenWithOnePlaceFree() throws Exception {
        pool.setThreadCount(2);
        pool.setQueueSize(0);
        pool.initialize();
        AtomicInteger started = new AtomicInteger();
        assertThat(pool.runInThread(blocking(started, ConcurrentHashMap.newKeySet()))).isTrue();
        assertThat(pool.blockForAvailableThreads()).isEqualTo(1);
    }

    /** Runs this many fires one after the other, each taking this long on the pool's clock. */
    private void firesTaking(Duration each, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(pool.runInThread(() -> nanos.addAndGet(each.toNanos()))).isTrue();
            noneInFlight();
        }
    }

    @Test
    void byDefaultItQueuesAboutATenthOfASecondOfWorkPerThreadAtTheRecentPaceBetweenThreeAndThirtyOneFires() throws Exception {
        pool.setThreadCount(2);
        pool.initialize();
        quickFires(2);
        assertThat(pool.blockForAvailableThreads()).as("fires that take no time: 31 queued per thread")
                .isEqualTo(2 * 32);
        firesTaking(Duration.ofMillis(20), 200);
        assertThat(pool.blockForAvailableThreads()).as("fires of 20 ms: five per thread").isEqualTo(2 * 6);
        firesTaking(Duration.ofMillis(60), 200);
        assertThat(pool.blockForAvailableThreads()).as("fires of 60 ms: still three per thread").isEqualTo(2 * 4);
        assertThat(PrefetchingThreadPool.maxCapacity(2)).as("the largest batch Quartz is told of").isEqualTo(64);
    }

    @Test
    void onceAThreadRunsALongAttemptItOffersOnlyItsIdleThreadsUntilTheFiresAreQuickAgain() throws Exception {
        pool.setThreadCount(2);
        pool.setQueueSize(4);
        pool.initialize();
        quickFires(2);
        AtomicInteger started = new AtomicInteger();
        CountDownLatch firstEnds = new CountDownLatch(1);
        assertThat(pool.runInThread(() -> {
            started.incrementAndGet();
            try {
                firstEnds.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
        assertThat(pool.blockForAvailableThreads()).as("a fresh attempt: the idle thread and the queue").isEqualTo(5);

        nanos.addAndGet(Duration.ofMillis(PrefetchingThreadPool.QUICK_MILLIS + 1).toNanos());
        assertThat(pool.blockForAvailableThreads()).as("a long attempt: only the idle thread").isEqualTo(1);
        assertThat(pool.placesForLaterFires()).as("and nothing ahead of time").isZero();

        assertThat(pool.runInThread(blocking(started, ConcurrentHashMap.newKeySet()))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
        AtomicInteger available = new AtomicInteger(-1);
        Thread scheduler = new Thread(() -> available.set(pool.blockForAvailableThreads()));
        scheduler.start();
        await().alias("every thread busy and one of them for long: nothing offered, the queue empty as it is")
                .during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> available.get() == -1);

        firstEnds.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> available.get() == 1);
        scheduler.join();
        assertThat(pool.blockForAvailableThreads()).as("a long attempt among the last two: the idle thread only")
                .isEqualTo(1);

        release.countDown(); // the second attempt, started after the clock moved, was quick
        noneInFlight();
        assertThat(pool.blockForAvailableThreads()).isEqualTo(2);
        quickFires(1);
        assertThat(pool.blockForAvailableThreads()).as("the last two fires quick: the queue again").isEqualTo(6);
    }

    @Test
    void aShutdownThatWaitsRunsTheFiresStillQueued() throws Exception {
        pool.setThreadCount(1);
        pool.initialize();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        assertThat(pool.runInThread(blocking(started, ConcurrentHashMap.newKeySet()))).isTrue();
        assertThat(pool.runInThread(ran::incrementAndGet)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);

        release.countDown();
        pool.shutdown(true);
        assertThat(ran.get()).as("the queued fire ran before the shutdown returned").isEqualTo(1);
        assertThat(pool.runInThread(ran::incrementAndGet)).as("nothing is accepted after shutdown").isFalse();
        assertThat(pool.blockForAvailableThreads()).as("a scheduler thread never blocks on a pool shut down")
                .isGreaterThanOrEqualTo(0);
    }
}
