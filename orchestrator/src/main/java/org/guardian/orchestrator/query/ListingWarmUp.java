package org.guardian.orchestrator.query;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.ScheduleDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Listings show each cron in words and its next fire times: once the node lists schedules for the
 * first time, a low-priority thread works them out for every cron of the table, with the Quartz
 * triggers a pass checks (so this node's next full pass parses nothing), then runs the steps added
 * with {@link #then}. A node nobody lists schedules from spends nothing on it (at 100,000
 * schedules, tens of seconds of CPU that would compete with the first fires).
 */
final class ListingWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ListingWarmUp.class);
    static final int CHUNK = 200;

    private final ScheduleDao schedules;
    private final CronCache crons;
    private final Clock clock;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final List<Step> steps = new CopyOnWriteArrayList<>();

    /** A step run after the crons, and what it does, in the words of the log's line. */
    private record Step(String done, Runnable run) {
    }

    ListingWarmUp(ScheduleDao schedules, CronCache crons, Clock clock) {
        this.schedules = schedules;
        this.crons = crons;
        this.clock = clock;
    }

    /** A step run after the crons, on the warm-up's thread (it paces itself); {@code done} says what it did. */
    void then(String done, Runnable step) {
        steps.add(new Step(done, step));
    }

    /** Starts the warm-up in the background, the first time only. */
    void startOnce() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::warm, "orch-listing-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void warm() {
        long started = System.nanoTime();
        try {
            StringBuilder done = new StringBuilder("the " + warmEveryCron() + " distinct crons of the table worked out ahead");
            for (Step step : steps) {
                step.run().run();
                done.append(", then ").append(step.done());
            }
            LOG.info("Listings warm: {}, in {} ms", done, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.info("Listings not warmed ahead (they will be as they go): {}", e.toString());
        }
    }

    /**
     * Paced every {@link #CHUNK} crons: at 100,000 schedules the warm-up is seconds of CPU, and a
     * thread priority is no guarantee the first fires get the cores.
     */
    private int warmEveryCron() throws InterruptedException {
        BackgroundPacing pacing = BackgroundPacing.onThisThread();
        int warmed = 0;
        for (ScheduleDao.CronInZone cron : schedules.distinctCrons()) {
            warmQuietly(cron.cron(), cron.timeZone());
            if (++warmed % CHUNK == 0) {
                pacing.chunkDone();
            }
        }
        return warmed;
    }

    private void warmQuietly(String cron, String timeZone) {
        try {
            crons.warm(cron, timeZone, clock.instant());
        } catch (RuntimeException e) {
            // an unparseable cron has no description; its blocked reason says why
        }
    }
}
