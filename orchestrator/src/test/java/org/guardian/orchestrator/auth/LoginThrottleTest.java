package org.guardian.orchestrator.auth;

import org.guardian.orchestrator.testing.OffsetClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class LoginThrottleTest {
    private static final String CALLER = "admin@10.0.0.1";
    private final OffsetClock clock = OffsetClock.fixedAt(Instant.parse("2026-03-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fourFailuresInAMinuteDoNotLockTheCallerOut() {
        failTimes(CALLER, 4);
        assertThat(throttle.attempt(CALLER, () -> true).passed()).isTrue();
    }

    @Test
    void theFifthFailureInAMinuteLocksTheCallerOutForThirtySeconds() {
        failTimes(CALLER, 5);
        assertThat(throttle.attempt(CALLER, () -> true).retryAfter()).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.attempt(CALLER, () -> true).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.attempt(CALLER, () -> true).passed()).isTrue();
    }

    @Test
    void aLockedOutCallerIsNotChecked() {
        failTimes(CALLER, 5);
        AtomicInteger checks = new AtomicInteger();
        throttle.attempt(CALLER, () -> checks.incrementAndGet() > 0);
        assertThat(checks).hasValue(0);
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        failTimes(CALLER, 4);
        clock.advance(Duration.ofSeconds(61));
        throttle.attempt(CALLER, () -> false);
        assertThat(throttle.attempt(CALLER, () -> true).passed()).isTrue();
    }

    @Test
    void aLockedOutCallerDoesNotLockOutTheSameUserFromAnotherAddress() {
        failTimes(CALLER, 5);
        assertThat(throttle.attempt("admin@10.0.0.2", () -> true).passed()).isTrue();
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        failTimes(CALLER, 4);
        throttle.attempt(CALLER, () -> true);
        throttle.attempt(CALLER, () -> false);
        assertThat(throttle.attempt(CALLER, () -> true).passed()).isTrue();
    }

    @Test
    void manyDistinctCallersStayWithinTheBound() {
        LoginThrottle bounded = new LoginThrottle(clock, 5, Duration.ofMinutes(1), Duration.ofSeconds(30), 100);
        for (int i = 0; i < 20_000; i++) {
            bounded.attempt("user-" + i + "@10.0.0.1", () -> false);
        }
        assertThat(bounded.callersRemembered()).isLessThanOrEqualTo(100);
    }

    @Test
    void callersAreForgottenAfterTheWindow() {
        for (int i = 0; i < 50; i++) {
            throttle.attempt("user-" + i + "@10.0.0.1", () -> false);
        }
        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.callersRemembered()).isZero();
    }

    @Test
    void parallelWrongPasswordsGetAtMostTheLimitOfChecks() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        int parallel = 32;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<LoginThrottle.Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    return throttle.attempt(CALLER, () -> slowWrongPassword(checks));
                }));
            }
            start.countDown();
            for (Future<LoginThrottle.Attempt> attempt : attempts) {
                attempt.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(checks).hasValue(LoginThrottle.DEFAULT_MAX_FAILURES);
    }

    /** A wrong password whose check takes a while, as bcrypt's does. */
    private static boolean slowWrongPassword(AtomicInteger checks) {
        checks.incrementAndGet();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void failTimes(String caller, int times) {
        for (int i = 0; i < times; i++) {
            throttle.attempt(caller, () -> false);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(-1));
    }
}
