package org.guardian.orchestrator.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a caller (user + address) for a while after repeated failed logins: after
 * {@code maxFailures} failures within {@code window}, every attempt is refused for {@code lockout}.
 */
public final class LoginThrottle {
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LOCKOUT = Duration.ofSeconds(30);
    private static final int PURGE_ABOVE = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Failures> byCaller = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration window, Duration lockout) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
    }

    public LoginThrottle(Clock clock) {
        this(clock, DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_LOCKOUT);
    }

    /** How long the caller must still wait, or zero when it may try. */
    public Duration retryAfter(String caller) {
        Failures failures = byCaller.get(caller);
        if (failures == null) {
            return Duration.ZERO;
        }
        synchronized (failures) {
            Duration left = failures.lockedUntil == null ? Duration.ZERO
                    : Duration.between(clock.instant(), failures.lockedUntil);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    public void failed(String caller) {
        Instant now = clock.instant();
        if (byCaller.size() > PURGE_ABOVE) {
            purge(now);
        }
        Failures failures = byCaller.computeIfAbsent(caller, c -> new Failures());
        synchronized (failures) {
            failures.times.addLast(now);
            while (!failures.times.isEmpty() && !failures.times.peekFirst().isAfter(now.minus(window))) {
                failures.times.removeFirst();
            }
            if (failures.times.size() >= maxFailures) {
                failures.lockedUntil = now.plus(lockout);
                failures.times.clear();
            }
        }
    }

    public void succeeded(String caller) {
        byCaller.remove(caller);
    }

    private void purge(Instant now) {
        byCaller.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Instant last = e.getValue().times.peekLast();
                boolean locked = e.getValue().lockedUntil != null && e.getValue().lockedUntil.isAfter(now);
                return !locked && (last == null || last.isBefore(now.minus(window)));
            }
        });
    }

    private static final class Failures {
        private final Deque<Instant> times = new ArrayDeque<>();
        private Instant lockedUntil;
    }
}
