package org.guardian.orchestrator.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fourFailuresInAMinuteDoNotLockTheCallerOut() {
        failTimes("admin@10.0.0.1", 4);
        assertThat(throttle.retryAfter("admin@10.0.0.1")).isZero();
    }

    @Test
    void theFifthFailureInAMinuteLocksTheCallerOutForThirtySeconds() {
        failTimes("admin@10.0.0.1", 5);
        assertThat(throttle.retryAfter("admin@10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.retryAfter("admin@10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("admin@10.0.0.1")).isZero();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        failTimes("admin@10.0.0.1", 4);
        clock.advance(Duration.ofSeconds(61));
        throttle.failed("admin@10.0.0.1");
        assertThat(throttle.retryAfter("admin@10.0.0.1")).isZero();
    }

    @Test
    void aLockedOutCallerDoesNotLockOutTheSameUserFromAnotherAddress() {
        failTimes("admin@10.0.0.1", 5);
        assertThat(throttle.retryAfter("admin@10.0.0.2")).isZero();
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        failTimes("admin@10.0.0.1", 4);
        throttle.succeeded("admin@10.0.0.1");
        throttle.failed("admin@10.0.0.1");
        assertThat(throttle.retryAfter("admin@10.0.0.1")).isZero();
    }

    private void failTimes(String caller, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(caller);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(-1));
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
