package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An outcome handed to the {@link OutcomeBatcher}, and what its write returned: the schedule's
 * failure count.
 *
 * @param detached  handed over with {@link OutcomeBatcher#recordLater}: nobody waits for it, the writer retries it
 * @param deadline  when a detached outcome's retries stop, in {@link System#nanoTime} nanoseconds
 * @param notBefore when a failed detached outcome is tried again
 * @param failures  failed writes so far
 */
record PendingOutcome(Finish finish, CompletableFuture<Optional<Integer>> result, boolean detached, long deadline,
                      long notBefore, int failures) {

    static PendingOutcome awaited(Finish finish) {
        return new PendingOutcome(finish, new CompletableFuture<>(), false, 0, 0, 0);
    }

    static PendingOutcome detached(Finish finish, long deadline) {
        return new PendingOutcome(finish, new CompletableFuture<>(), true, deadline, deadline, 0);
    }

    PendingOutcome retryAt(long at) {
        return new PendingOutcome(finish, result, detached, deadline, at, failures + 1);
    }

    /** Its worker stopped waiting for it: the writer leaves it out. */
    boolean abandoned() {
        return !detached && result.isDone();
    }

    /**
     * Waits for the write, not interruptibly (the attempt has run, its record must not be abandoned
     * halfway), and at most {@code patience}: then fails as a database error would.
     */
    Optional<Integer> await(Duration patience) {
        long until = System.nanoTime() + patience.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    result.completeExceptionally(new OutcomeNotRecordedException("the outcome of run "
                            + finish.runId() + " was not recorded within " + patience + ": the outcome writer is stalled",
                            e));
                } catch (ExecutionException e) {
                    throw OutcomeBatcher.asDatabaseError(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
