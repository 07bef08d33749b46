package org.guardian.orchestrator.scheduler.execution;

import org.jdbi.v3.core.JdbiException;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Repeats a database write that must not be lost (an attempt's outcome) while the database is
 * unreachable, e.g. restarting. The write must be idempotent.
 */
final class DatabaseRetry {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRetry.class);
    private static final long PAUSE_MS = 1000;

    private DatabaseRetry() {
    }

    /** A change of Quartz's persistent state (a retry trigger) that must not be lost either. */
    interface QuartzWrite<T> {
        T run() throws SchedulerException;
    }

    /** Repeats a Quartz write while its job store cannot reach the database, for up to {@code patience}. */
    static <T> T untilScheduled(Duration patience, QuartzWrite<T> write) throws SchedulerException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return write.run();
            } catch (JobPersistenceException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warn("Quartz could not store a change, retrying in {} ms: {}", PAUSE_MS, e.getMessage());
                Thread.sleep(PAUSE_MS);
            }
        }
    }

    static <T> T untilItWorks(Duration patience, Supplier<T> write) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        int failures = 0;
        while (true) {
            try {
                T result = write.get();
                if (failures > 0) {
                    LOG.info("Database write succeeded after {} failed tries", failures);
                }
                return result;
            } catch (JdbiException e) {
                failures++;
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                if (failures == 1) {
                    LOG.warn("Database write failed, retrying every {} ms for up to {}: {}", PAUSE_MS, patience,
                            e.getMessage());
                }
                Thread.sleep(PAUSE_MS);
            }
        }
    }
}
