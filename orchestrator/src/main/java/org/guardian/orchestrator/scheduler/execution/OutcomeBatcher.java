package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Records the outcomes of a node's attempts in groups: one thread writes every outcome handed over
 * while it wrote the previous group, with one statement and one commit
 * ({@link AttemptRecords#finishAndRecord}). {@link #record} waits for the commit (a failed attempt
 * needs the failure count it returns); {@link #recordLater} returns at once. A failed group is
 * written again one outcome at a time; two outcomes of one schedule never share a statement. A full
 * queue, or a writer not started, stopped or dead, leaves each worker to write its own outcome.
 */
public final class OutcomeBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeBatcher.class);
    /** Outcomes per statement at most (a few hundred bytes of arrays each). */
    static final int MAX_GROUP = 200;
    /** Outcomes that may wait for the writer: five groups. */
    public static final int CAPACITY = 5 * MAX_GROUP;
    /** The writer goes round at least this often (retries, stop, progress). */
    public static final long POLL_MILLIS = 100;

    private final AttemptRecords records;
    private final Duration patience;
    private final BlockingQueue<PendingOutcome> queue;
    private final String threadName;
    private volatile boolean running;
    private Thread writer;
    private OutcomeWriter loop;

    public OutcomeBatcher(AttemptRecords records, Duration patience, int capacity, String threadName) {
        this.records = records;
        this.patience = patience;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.threadName = threadName;
    }

    /**
     * Starts the writer thread.
     *
     * @param progress where it records each round
     * @param onDeath  told, on the dying thread, if the writer's thread dies
     */
    public synchronized void start(LoopProgress progress, Consumer<Throwable> onDeath) {
        if (running) {
            return;
        }
        running = true;
        OutcomeWriter rounds = new OutcomeWriter(records, patience, queue, () -> running, progress);
        loop = rounds;
        writer = new Thread(rounds, threadName);
        writer.setDaemon(true);
        writer.setUncaughtExceptionHandler((thread, error) -> died(rounds, error, onDeath));
        writer.start();
    }

    /**
     * Lets callers write their own outcomes from now on, and waits up to {@code within} for the
     * writer to write what it holds (retrying, within its patience, what fails).
     *
     * @return whether the writer finished in time
     */
    public boolean stop(Duration within) {
        Thread thread;
        synchronized (this) {
            running = false;
            thread = writer;
            writer = null;
        }
        if (thread == null) {
            return true;
        }
        try {
            thread.join(Math.max(1, within.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The outcome writer did not finish within {}; the {} outcome(s) still queued are left to it",
                    within, queue.size());
            return false;
        }
        return true;
    }

    /**
     * Records an outcome and returns once it is committed, waiting at most the patience; not
     * interruptible (the attempt has run, its record must not be abandoned halfway).
     *
     * @return the schedule's consecutive failure count after the record; empty when the attempt
     *         was already recorded or its schedule is gone
     * @throws RuntimeException the database's error (a {@code JdbiException}), as a direct write
     *         would, or an {@link OutcomeNotRecordedException}
     */
    Optional<Integer> record(Finish finish) {
        PendingOutcome pending = PendingOutcome.awaited(finish);
        return handOver(pending) ? pending.await(patience) : writeOne(finish);
    }

    /**
     * Hands an outcome over to be written with the next group and returns at once; the writer retries
     * it every second while the database is away, for up to the patience. Should the node die first,
     * recovery finds the attempt's RUNNING and fired-trigger rows, as when a worker dies waiting for its
     * commit. Not started, stopped, or the queue full: writes it now.
     *
     * @return completes when the outcome is written, or when the writer gave up on it
     */
    CompletableFuture<Optional<Integer>> recordLater(Finish finish) throws InterruptedException {
        PendingOutcome pending = PendingOutcome.detached(finish, System.nanoTime() + patience.toNanos());
        if (handOver(pending)) {
            return pending.result();
        }
        return CompletableFuture.completedFuture(DatabaseRetry.untilItWorks(patience, () -> writeOne(finish)));
    }

    private synchronized boolean handOver(PendingOutcome pending) {
        if (!running) {
            return false;
        }
        if (queue.offer(pending)) {
            return true;
        }
        LOG.debug("{} outcomes wait for the writer: run {} is written by its worker", queue.size(),
                pending.finish().runId());
        return false;
    }

    /** Outcomes handed over and not yet taken by the writer. */
    public int queued() {
        return queue.size();
    }

    /** Groups written and outcomes written by the writer thread. */
    synchronized long[] counts() {
        return loop == null ? new long[] {0, 0} : loop.counts();
    }

    /** What a worker gets when its outcome could not be written: the database's error, or one like it. */
    static RuntimeException asDatabaseError(Throwable error) {
        return error instanceof RuntimeException e ? e
                : new OutcomeNotRecordedException("the outcome writer failed: " + error, error);
    }

    private Optional<Integer> writeOne(Finish finish) {
        return OutcomeWriter.writeOne(records, finish);
    }

    /** The writer's thread is dying: callers write their own outcomes from now on, and get back those it held. */
    private void died(OutcomeWriter rounds, Throwable error, Consumer<Throwable> onDeath) {
        synchronized (this) {
            running = false;
            writer = null;
        }
        try {
            onDeath.accept(error);
        } finally {
            rounds.handBack(error);
        }
    }
}
