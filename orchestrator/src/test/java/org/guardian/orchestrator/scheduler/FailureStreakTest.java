package org.guardian.orchestrator.scheduler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A minute of failures a second apart logs a few lines, not sixty; the recovery is logged once. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class FailureStreakTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final Logger log = (Logger) LoggerFactory.getLogger("test.FailureStreakTest." + System.nanoTime());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final FailureStreak streak = new FailureStreak(log, "Keeping the liveness session of node node-1",
            Duration.ofSeconds(30), nanos::get);
    private final SQLException refused = new SQLException("Connection to localhost:5433 refused");

    FailureStreakTest() {
        log.setLevel(Level.INFO);
        log.setAdditive(false);
        log.addAppender(lines);
        lines.start();
    }

    @AfterEach
    void detach() {
        log.detachAppender(lines);
    }

    private void failEverySecondFor(int seconds) {
        for (int i = 0; i < seconds; i++) {
            streak.failed(refused);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        }
    }

    private List<String> logged() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void theFirstFailureIsAWarningThenOneLinePerPeriodThenTheRecovery() {
        failEverySecondFor(65);
        streak.succeeded();

        assertThat(logged()).containsExactly(
                "WARN Keeping the liveness session of node node-1 failed, will retry: java.sql.SQLException: Connection to"
                        + " localhost:5433 refused",
                "WARN Keeping the liveness session of node node-1 still failing after 30 s (31 tries), will retry:"
                        + " java.sql.SQLException: Connection to localhost:5433 refused",
                "WARN Keeping the liveness session of node node-1 still failing after 60 s (61 tries), will retry:"
                        + " java.sql.SQLException: Connection to localhost:5433 refused",
                "INFO Keeping the liveness session of node node-1 succeeded again after 65 s (65 failed tries)");
    }

    @Test
    void successesWithoutAFailureLogNothingAndANewStreakStartsWithAWarning() {
        streak.succeeded();
        failEverySecondFor(2);
        streak.succeeded();
        streak.succeeded();
        failEverySecondFor(1);

        assertThat(logged()).hasSize(3);
        assertThat(logged().get(1)).isEqualTo(
                "INFO Keeping the liveness session of node node-1 succeeded again after 2 s (2 failed tries)");
        assertThat(logged().get(2)).startsWith("WARN Keeping the liveness session of node node-1 failed, will retry");
    }
}
