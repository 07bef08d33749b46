package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static Schedule withBackoff(Duration backoff, int maxRetries) {
        return new Schedule("s", "noop", "* * * * *", "UTC", true, List.of(), Duration.ofMinutes(1), maxRetries,
                backoff, 3, Duration.ofDays(1), 5, MisfirePolicy.FIRE_ONCE, Map.of(), false, null, null, 0,
                null, null, null, 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void backoffDoublesWithEachAttemptWithoutJitterAtTheMidpoint() {
        RetryPolicy policy = new RetryPolicy(Duration.ofHours(1), () -> 0.5);
        Schedule schedule = withBackoff(Duration.ofSeconds(10), 5);

        assertThat(policy.delayAfter(schedule, 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(schedule, 2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayAfter(schedule, 3)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        Schedule schedule = withBackoff(Duration.ofSeconds(10), 5);

        assertThat(new RetryPolicy(Duration.ofHours(1), () -> 0.0).delayAfter(schedule, 1)).isEqualTo(Duration.ofSeconds(8));
        assertThat(new RetryPolicy(Duration.ofHours(1), () -> 0.999_999).delayAfter(schedule, 1))
                .isLessThan(Duration.ofSeconds(12));
    }

    @Test
    void delayIsCappedAtTheMaximum() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(5), () -> 0.5);

        assertThat(policy.delayAfter(withBackoff(Duration.ofMinutes(1), 20), 10)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void attemptNMayBeRetriedWhileNIsAtMostMaxRetries() {
        RetryPolicy policy = new RetryPolicy(Duration.ofHours(1), () -> 0.5);
        Schedule twoRetries = withBackoff(Duration.ofSeconds(1), 2);

        assertThat(policy.mayRetry(twoRetries, 1)).isTrue();
        assertThat(policy.mayRetry(twoRetries, 2)).isTrue();
        assertThat(policy.mayRetry(twoRetries, 3)).isFalse();
    }

    @Test
    void seedPriorityOneIsTheHighestQuartzPriority() {
        Schedule schedule = withBackoff(Duration.ofSeconds(1), 0);

        assertThat(schedule.quartzPriority()).isEqualTo(6);
        assertThat(new Schedule("s", "noop", "* * * * *", "UTC", true, List.of(), Duration.ofMinutes(1), 0,
                Duration.ZERO, 3, Duration.ofDays(1), 1, MisfirePolicy.FIRE_ONCE, Map.of(), false, null, null, 0,
                null, null, null, 1, Instant.EPOCH, Instant.EPOCH).quartzPriority()).isEqualTo(10);
    }
}
