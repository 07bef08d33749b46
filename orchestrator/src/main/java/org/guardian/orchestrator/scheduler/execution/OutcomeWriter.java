package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The loop of an {@link OutcomeBatcher}'s writer thread: takes what the queue holds, writes it in
 * groups, retries the detached outcomes that failed. It catches whatever a round throws, fails or
 * retries the outcomes it had in hand, and goes on; it ends once the batcher stopped and nothing is
 * left to write.
 */
final class OutcomeWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final long RETRY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AttemptRecords records;
    private final Duration patience;
    private final BlockingQueue<PendingOutcome> queue;
    private final BooleanSupplier running;
    private final LoopProgress progress;
    /** Outcomes taken to be written next. */
    private List<PendingOutcome> next = new ArrayList<>();
    /** Outcomes handed over with {@link OutcomeBatcher#recordLater} whose write failed, waiting to be tried again. */
    private final List<PendingOutcome> retries = new ArrayList<>();
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    /** @param running whether outcomes may still be handed over (the loop ends once not and nothing is left) */
    OutcomeWriter(AttemptRecords records, Duration patience, BlockingQueue<PendingOutcome> queue,
                  BooleanSupplier running, LoopProgress progress) {
        this.records = records;
        this.patience = patience;
        this.queue = queue;
        this.running = running;
        this.progress = progress;
    }

    static Optional<Integer> writeOne(AttemptRecords records, Finish finish) {
        return Optional.ofNullable(records.finishAndRecord(List.of(finish)).get(finish.runId()));
    }

    /** Groups written and outcomes written. */
    long[] counts() {
        return new long[] {groups.get(), written.get()};
    }

    @Override
    public void run() {
        while (running.getAsBoolean() || !queue.isEmpty() || !next.isEmpty() || !retries.isEmpty()) {
            progress.beat();
            try {
                if (takeNext()) {
                    writeNextGroup();
                }
            } catch (Throwable t) {
                LOG.error("The outcome writer failed; {} outcomes in hand are failed or retried, and it goes on",
                        next.size(), t);
                next.forEach(p -> failed(p, t));
                next = new ArrayList<>();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(OutcomeBatcher.POLL_MILLIS)); // no storm of errors
            }
        }
    }

    /** Takes the retries that are due and what the queue holds; false when there is nothing to write. */
    private boolean takeNext() {
        takeDueRetries();
        try {
            if (next.isEmpty()) {
                PendingOutcome first = queue.poll(untilNextRetryMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    return false;
                }
                next.add(first);
            }
        } catch (InterruptedException e) {
            LOG.warn("Outcome writer interrupted; {} outcomes still queued are written now", queue.size());
        }
        queue.drainTo(next, Math.max(0, OutcomeBatcher.MAX_GROUP - next.size()));
        return !next.isEmpty();
    }

    /** Writes one group (one outcome per schedule) and keeps the rest for the next. */
    private void writeNextGroup() {
        List<PendingOutcome> group = new ArrayList<>();
        List<PendingOutcome> later = new ArrayList<>();
        Set<String> schedules = new HashSet<>();
        for (PendingOutcome p : next) {
            if (!p.abandoned()) {
                (group.size() < OutcomeBatcher.MAX_GROUP && schedules.add(p.finish().schedule()) ? group : later).add(p);
            }
        }
        write(group);
        next = later;
    }

    private void takeDueRetries() {
        long now = System.nanoTime();
        for (Iterator<PendingOutcome> it = retries.iterator(); it.hasNext(); ) {
            PendingOutcome p = it.next();
            if (p.notBefore() - now <= 0) {
                next.add(p);
                it.remove();
            }
        }
    }

    private long untilNextRetryMillis() {
        long wait = OutcomeBatcher.POLL_MILLIS;
        long now = System.nanoTime();
        for (PendingOutcome p : retries) {
            wait = Math.min(wait, Math.max(1, TimeUnit.NANOSECONDS.toMillis(p.notBefore() - now)));
        }
        return wait;
    }

    private void write(List<PendingOutcome> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            Map<Long, Integer> failures = records.finishAndRecord(group.stream().map(PendingOutcome::finish).toList());
            for (PendingOutcome p : group) {
                p.result().complete(Optional.ofNullable(failures.get(p.finish().runId())));
            }
            groups.incrementAndGet();
            written.addAndGet(group.size());
        } catch (Throwable e) {
            if (group.size() == 1) {
                failed(group.get(0), e);
                return;
            }
            LOG.debug("Writing {} outcomes together failed ({}); writing them one by one", group.size(), e.toString());
            for (PendingOutcome p : group) {
                write(List.of(p));
            }
        }
    }

    private void failed(PendingOutcome p, Throwable e) {
        if (p.result().isDone()) {
            return;
        }
        if (!p.detached()) {
            p.result().completeExceptionally(OutcomeBatcher.asDatabaseError(e));
            return;
        }
        long now = System.nanoTime();
        if (now - p.deadline() > 0) {
            LOG.error("The outcome of run {} of {} ({}) could not be recorded within {}; the run stays RUNNING"
                    + " until recovery: {}", p.finish().runId(), p.finish().schedule(), p.finish().status(), patience,
                    e.toString());
            p.result().completeExceptionally(OutcomeBatcher.asDatabaseError(e));
            return;
        }
        if (p.failures() == 0) {
            LOG.warn("Recording the outcome of run {} of {} failed, retrying every second for up to {}: {}",
                    p.finish().runId(), p.finish().schedule(), patience, e.toString());
        }
        retries.add(p.retryAt(now + RETRY_EVERY_NANOS));
    }

    /** Awaited outcomes fail back to their workers, who write them; detached ones are written here, once. */
    void handBack(Throwable error) {
        List<PendingOutcome> held = new ArrayList<>(next);
        held.addAll(retries);
        queue.drainTo(held);
        next = new ArrayList<>();
        retries.clear();
        for (PendingOutcome p : held) {
            if (!p.detached()) {
                p.result().completeExceptionally(new OutcomeNotRecordedException("the outcome writer died", error));
                continue;
            }
            try {
                p.result().complete(writeOne(records, p.finish()));
            } catch (Throwable t) {
                LOG.error("The outcome of run {} held by the dead writer could not be recorded; it stays RUNNING until"
                        + " recovery: {}", p.finish().runId(), t.toString());
                p.result().completeExceptionally(OutcomeBatcher.asDatabaseError(t));
            }
        }
    }
}
