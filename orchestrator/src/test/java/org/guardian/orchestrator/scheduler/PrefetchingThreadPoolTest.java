package org.guardian.orchestrator.scheduler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PrefetchingThreadPoolTest {
    private final PrefetchingThreadPool pool = new PrefetchingThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

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

    @Test
    void offersItsThreadsPlusTheQueueButRunsOnlyThreadCountAtOnce() throws Exception {
        pool.setThreadCount(2);
        pool.setQueueSize(3);
        pool.setThreadNamePrefix("test-worker");
        pool.initialize();
        assertThat(pool.blockForAvailableThreads()).isEqualTo(5);
        assertThat(pool.getPoolSize()).isEqualTo(2);

        AtomicInteger started = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            assertThat(pool.runInThread(blocking(started, threads))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
        assertThat(pool.runInThread(() -> { })).as("a sixth fire beyond threads + queue").isFalse();
        assertThat(pool.inFlight()).isEqualTo(5);
        assertThat(started.get()).as("still only the two threads busy").isEqualTo(2);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.inFlight() == 0);
        assertThat(started.get()).isEqualTo(5);
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
    void withEveryThreadBusyItOffersPlacesOnlyOnceHalfTheQueueIsFree() throws Exception {
        pool.setThreadCount(1);
        pool.setQueueSize(4);
        pool.initialize();
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

        ends[1].countDown(); // two places free (half the queue): a batch of two may be acquired
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
