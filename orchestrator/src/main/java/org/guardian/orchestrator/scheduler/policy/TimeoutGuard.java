package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationResult;
import org.guardian.orchestrator.core.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an operation on its own thread with a deadline enforced for real: at the deadline its
 * statement is cancelled ({@code pg_cancel_backend}) and its thread interrupted; one that ignores both
 * for {@code cancelGrace} has its session terminated and its thread abandoned (counted by
 * {@link #abandonedThreads()}), so the worker is freed and the attempt ends TIMEOUT either way. The
 * signals go over the {@link BackendSignaller}'s own connections, never the busy pool's.
 */
public final class TimeoutGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeoutGuard.class);

    private final ExecutorService executor;
    private final Duration cancelGrace;
    private final BackendSignaller signaller;
    private final AtomicInteger abandoned = new AtomicInteger();

    public TimeoutGuard(Duration cancelGrace, BackendSignaller signaller) {
        this.cancelGrace = cancelGrace;
        this.signaller = signaller;
        this.executor = Executors.newCachedThreadPool(DaemonThreads.numbered("orch-operation"));
    }

    public Outcome run(Operation operation, GuardedAttempt context, Duration limit) throws InterruptedException {
        CompletableFuture<OperationResult> done = new CompletableFuture<>();
        AtomicReference<Thread> runner = new AtomicReference<>();
        executor.execute(() -> {
            runner.set(Thread.currentThread());
            try {
                done.complete(operation.execute(context));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                runner.set(null);
                Thread.interrupted();
            }
        });
        try {
            return finished(done.get(limit.toMillis(), TimeUnit.MILLISECONDS), null, context);
        } catch (ExecutionException e) {
            return finished(null, e.getCause(), context);
        } catch (TimeoutException e) {
            return cancelAfterDeadline(context, done, runner, limit);
        } catch (InterruptedException e) {
            // the node is stopping: stop the operation too
            cancel(context);
            interrupt(runner);
            throw e;
        }
    }

    private Outcome cancelAfterDeadline(GuardedAttempt context, CompletableFuture<OperationResult> done,
                                        AtomicReference<Thread> runner, Duration limit) throws InterruptedException {
        cancel(context);
        interrupt(runner);
        String message = "exceeded its maximum duration of " + limit;
        try {
            done.get(cancelGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // expected: the cancelled statement or the interrupt ended it
        } catch (TimeoutException e) {
            boolean terminated = signaller.terminate(context.backendPid());
            context.markAbandoned();
            abandoned.incrementAndGet();
            LOG.error("Schedule {} ignored cancellation; its thread is abandoned and {}", context.scheduleName(),
                    terminated ? "its session terminated" : "its session could not be terminated (see above)");
            return Outcome.of(RunStatus.TIMEOUT, message + "; the operation ignored cancellation and was abandoned");
        }
        return Outcome.of(RunStatus.TIMEOUT, message);
    }

    /** Marks the attempt cancelled, then cancels its statement in PostgreSQL (in this order: see the attempt context). */
    private void cancel(GuardedAttempt context) {
        context.markCancelled();
        signaller.cancel(context.backendPid());
    }

    private static Outcome finished(OperationResult result, Throwable failure, GuardedAttempt context) {
        if (failure == null) {
            return Outcome.success(result == null ? OperationResult.empty() : result);
        }
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (context.isCancelled()) {
            return Outcome.of(RunStatus.TIMEOUT, message);
        }
        return TargetProbe.lostSession(failure, message).orElse(Outcome.of(RunStatus.FAILED, message));
    }

    private static void interrupt(AtomicReference<Thread> runner) {
        Thread thread = runner.get();
        if (thread != null) {
            thread.interrupt();
        }
    }

    public int abandonedThreads() {
        return abandoned.get();
    }

    /** Opens the reserved connection. */
    public void start() {
        signaller.start();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        signaller.close();
    }
}
