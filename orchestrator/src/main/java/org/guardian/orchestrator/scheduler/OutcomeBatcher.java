package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.db.AttemptRecords;
import org.guardian.orchestrator.db.AttemptRecords.Finish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the outcomes of a node's attempts in groups: one thread writes every outcome handed over
 * while it wrote the previous group with one statement and one commit
 * ({@link AttemptRecords#finishAndRecord}). Nothing waits on purpose: a lone outcome is written at
 * once, and under load one statement, one transaction and one WAL flush serve many attempts.
 *
 * <p>Two ways to hand an outcome over:
 * <ul>
 *   <li>{@link #record} waits for the commit and returns the schedule's failure count (a failed
 *       attempt needs it to decide on a retry or a suppression, which must follow the record);
 *       the database's errors reach the caller as from a write of its own;</li>
 *   <li>{@link #recordLater} returns at once, so that the worker thread goes on with the next fire
 *       while the outcome is written: for an attempt with nothing left to do after its record. The
 *       writer retries such an outcome every second while the database is away, for up to
 *       {@code patience}. Should the node die first, the attempt's RUNNING row and fired-trigger row
 *       are what recovery finds, as for a node that dies while its worker waits for the commit: the
 *       exposure, from the end of the attempt to the commit of its record, is the same.</li>
 * </ul>
 * A group that fails is written again one outcome at a time, so that one bad outcome fails only its
 * own attempt. Two outcomes of one schedule never share a statement (the later waits for the next
 * group). Before {@link #start} and after {@link #stop}, outcomes are written by their callers.
 */
final class OutcomeBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeBatcher.class);
    /** Outcomes per statement at most (a few hundred bytes of arrays each). */
    static final int MAX_GROUP = 200;
    /** The writer goes round at least this often (retries, stop, progress). */
    static final long POLL_MILLIS = 100;
    private static final long RETRY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AttemptRecords records;
    private final Duration patience;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Outcomes handed over with {@link #recordLater} whose write failed, waiting to be tried again (writer thread only). */
    private final List<Pending> retries = new ArrayList<>();
    private final String threadName;
    private volatile boolean running;
    private Thread writer;
    private LoopProgress progress;
    private long groups;
    private long written;

    OutcomeBatcher(AttemptRecords records, Duration patience, String threadName) {
        this.records = records;
        this.patience = patience;
        this.threadName = threadName;
    }

    /** Starts the writer thread, which records each round in {@code progress}. */
    synchronized void start(LoopProgress progress) {
        if (running) {
            return;
        }
        this.progress = progress;
        running = true;
        writer = new Thread(this::writeGroups, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes everything handed over (retrying, within its patience, what fails), then lets callers write their own. */
    void stop() throws InterruptedException {
        Thread thread;
        synchronized (this) {
            running = false;
            thread = writer;
            writer = null;
        }
        if (thread != null) {
            thread.join();
        }
    }

    /**
     * Records an outcome and returns once it is committed; not interruptible (the attempt has run,
     * its record must not be abandoned halfway).
     *
     * @return the schedule's consecutive failure count after the record; empty when the attempt
     *         was already recorded or its schedule is gone
     * @throws RuntimeException the database's error (a {@code JdbiException}), as a direct write would
     */
    Optional<Integer> record(Finish finish) {
        Pending pending = new Pending(finish, new CompletableFuture<>(), false, 0);
        synchronized (this) {
            if (!running) {
                return writeOne(finish);
            }
            queue.add(pending);
        }
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Hands an outcome over to be written with the next group and returns at once. Not started or
     * stopped: writes it now, retrying while the database is away.
     *
     * @return completes when the outcome is written, or when the writer gave up on it
     */
    CompletableFuture<Optional<Integer>> recordLater(Finish finish) throws InterruptedException {
        synchronized (this) {
            if (running) {
                Pending pending = new Pending(finish, new CompletableFuture<>(), true,
                        System.nanoTime() + patience.toNanos());
                queue.add(pending);
                return pending.result();
            }
        }
        return CompletableFuture.completedFuture(DatabaseRetry.untilItWorks(patience, () -> writeOne(finish)));
    }

    /** Outcomes handed over and not yet taken by the writer. */
    int queued() {
        return queue.size();
    }

    /** Groups written and outcomes written by the writer thread. */
    synchronized long[] counts() {
        return new long[] {groups, written};
    }

    private Optional<Integer> writeOne(Finish finish) {
        return Optional.ofNullable(records.finishAndRecord(List.of(finish)).get(finish.runId()));
    }

    private void writeGroups() {
        List<Pending> next = new ArrayList<>();
        while (running || !queue.isEmpty() || !next.isEmpty() || !retries.isEmpty()) {
            progress.beat();
            try {
                takeDueRetries(next);
                if (next.isEmpty()) {
                    Pending first = queue.poll(untilNextRetryMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    next.add(first);
                }
                queue.drainTo(next, Math.max(0, MAX_GROUP - next.size()));
            } catch (InterruptedException e) {
                LOG.warn("Outcome writer interrupted; {} outcomes still queued are written now", queue.size());
            }
            List<Pending> group = new ArrayList<>();
            List<Pending> later = new ArrayList<>();
            Set<String> schedules = new HashSet<>();
            for (Pending p : next) {
                (group.size() < MAX_GROUP && schedules.add(p.finish().schedule()) ? group : later).add(p);
            }
            write(group);
            next = later;
        }
    }

    private void takeDueRetries(List<Pending> next) {
        long now = System.nanoTime();
        for (Iterator<Pending> it = retries.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.notBefore() - now <= 0) {
                next.add(p);
                it.remove();
            }
        }
    }

    private long untilNextRetryMillis() {
        long wait = POLL_MILLIS;
        long now = System.nanoTime();
        for (Pending p : retries) {
            wait = Math.min(wait, Math.max(1, TimeUnit.NANOSECONDS.toMillis(p.notBefore() - now)));
        }
        return wait;
    }

    private void write(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            Map<Long, Integer> failures = records.finishAndRecord(group.stream().map(Pending::finish).toList());
            for (Pending p : group) {
                p.result().complete(Optional.ofNullable(failures.get(p.finish().runId())));
            }
            synchronized (this) {
                groups++;
                written += group.size();
            }
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                failed(group.get(0), e);
                return;
            }
            LOG.debug("Writing {} outcomes together failed ({}); writing them one by one", group.size(), e.toString());
            for (Pending p : group) {
                write(List.of(p));
            }
        }
    }

    private void failed(Pending p, RuntimeException e) {
        if (!p.detached()) {
            p.result().completeExceptionally(e);
            return;
        }
        long now = System.nanoTime();
        if (now - p.deadline() > 0) {
            LOG.error("The outcome of run {} of {} ({}) could not be recorded within {}; the run stays RUNNING"
                    + " until recovery: {}", p.finish().runId(), p.finish().schedule(), p.finish().status(), patience,
                    e.toString());
            p.result().completeExceptionally(e);
            return;
        }
        if (p.failures() == 0) {
            LOG.warn("Recording the outcome of run {} of {} failed, retrying every second for up to {}: {}",
                    p.finish().runId(), p.finish().schedule(), patience, e.toString());
        }
        retries.add(p.retryAt(now + RETRY_EVERY_NANOS));
    }

    /**
     * @param detached  handed over with {@link #recordLater}: nobody waits for it, the writer retries it
     * @param deadline  when a detached outcome's retries stop, in {@link System#nanoTime} nanoseconds
     * @param notBefore when a failed detached outcome is tried again
     * @param failures  failed writes so far
     */
    private record Pending(Finish finish, CompletableFuture<Optional<Integer>> result, boolean detached,
                           long deadline, long notBefore, int failures) {
        Pending(Finish finish, CompletableFuture<Optional<Integer>> result, boolean detached, long deadline) {
            this(finish, result, detached, deadline, deadline, 0);
        }

        Pending retryAt(long at) {
            return new Pending(finish, result, detached, deadline, at, failures + 1);
        }
    }
}
