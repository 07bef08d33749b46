package org.guardian.orchestrator.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Refuses a caller (user + address) for a while after repeated failed logins: after
 * {@code maxFailures} failures within {@code window}, every attempt is refused for {@code lockout}.
 *
 * <p>A caller's password checks run one at a time, each after the outcome of the previous one is
 * counted, so wrong passwords sent in parallel get at most {@code maxFailures} checks before the
 * lockout. Callers are kept in a cache bounded in size and expiring {@code window} after their last
 * attempt, so that made-up user names or addresses cannot grow it without bound.
 */
public final class LoginThrottle {
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LOCKOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_CALLERS = 10_000;
    /** How long a check waits for the caller's previous one; beyond it the caller is asked to retry. */
    static final Duration TURN_WAIT = Duration.ofSeconds(5);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Cache<String, Caller> callers;

    public LoginThrottle(Clock clock, int maxFailures, Duration window, Duration lockout, long maxCallers) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.callers = Caffeine.newBuilder()
                .maximumSize(maxCallers)
                .expireAfterAccess(window.compareTo(lockout) >= 0 ? window : lockout)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    public LoginThrottle(Clock clock) {
        this(clock, DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_LOCKOUT, DEFAULT_MAX_CALLERS);
    }

    /**
     * Runs {@code check} for the caller unless it is locked out, and counts a failed check.
     *
     * @return the check's verdict, or how long the caller must wait
     */
    public Attempt attempt(String caller, BooleanSupplier check) {
        Caller state = callers.get(caller, c -> new Caller());
        try {
            if (!state.turn.tryLock(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Attempt.refused(BUSY_RETRY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.refused(BUSY_RETRY);
        }
        try {
            return attemptInTurn(state, check);
        } finally {
            state.turn.unlock();
        }
    }

    private Attempt attemptInTurn(Caller state, BooleanSupplier check) {
        Instant now = clock.instant();
        if (state.lockedUntil != null && state.lockedUntil.isAfter(now)) {
            return Attempt.refused(Duration.between(now, state.lockedUntil));
        }
        boolean passed = check.getAsBoolean();
        if (passed) {
            state.failures.clear();
        } else {
            failed(state, clock.instant());
        }
        return passed ? Attempt.PASSED : Attempt.FAILED;
    }

    private void failed(Caller state, Instant now) {
        state.failures.addLast(now);
        while (!state.failures.peekFirst().isAfter(now.minus(window))) {
            state.failures.removeFirst();
        }
        if (state.failures.size() >= maxFailures) {
            state.lockedUntil = now.plus(lockout);
            state.failures.clear();
        }
    }

    /** Callers remembered now (at most the maximum size once the cache has done its upkeep). */
    long callersRemembered() {
        callers.cleanUp();
        return callers.estimatedSize();
    }

    /** The verdict on one login: passed, failed, or refused for {@code retryAfter}. */
    public record Attempt(boolean passed, Duration retryAfter) {
        static final Attempt PASSED = new Attempt(true, Duration.ZERO);
        static final Attempt FAILED = new Attempt(false, Duration.ZERO);

        static Attempt refused(Duration retryAfter) {
            return new Attempt(false, retryAfter);
        }

        public boolean refused() {
            return !retryAfter.isZero();
        }
    }

    /** One caller's recent failures and lockout; guarded by {@link #turn}. */
    private static final class Caller {
        private final ReentrantLock turn = new ReentrantLock();
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant lockedUntil;
    }
}
