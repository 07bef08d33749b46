package org.guardian.orchestrator.core.cron;

import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What a listing shows of a cron is kept for more expressions than parsed schedules are. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CronCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00.500Z");

    private final AtomicInteger parses = new AtomicInteger();
    private final CronCache cache = new CronCache((cron, zone) -> {
        parses.incrementAndGet();
        return CronSchedule.parse(cron, zone);
    }, 50, 2_000);

    @Test
    void boundsHoldWhatAListingOfATableOf100000SchedulesShows() {
        assertThat(CronCache.LISTED_MAX).isGreaterThan(2 * 100_000);
    }

    @Test
    void listingMoreDistinctCronsThanParsedOnesKeptParsesEachOnlyOnce() {
        int distinct = 500;
        list(distinct);
        assertThat(parses).hasValue(distinct);
        list(distinct);
        assertThat(parses).as("parses on the second listing").hasValue(distinct);
    }

    @Test
    void nextRunsSearchOneFireTimeAndAWarmedCronListsAndReconcilesWithoutParsing() {
        int distinct = 500;
        for (int i = 0; i < distinct; i++) {
            assertThat(cache.nextFireTimes(schedule(cron(i)), NOW, 1)).hasSize(1);
        }
        for (int i = 0; i < distinct; i++) {
            cache.warm(cron(i), "UTC", NOW);
        }
        assertThat(parses).as("parses for the next runs, then one per cron warmed").hasValue(2 * distinct);
        for (int i = 0; i < distinct; i++) {
            Schedule s = schedule(cron(i));
            assertThat(cache.nextFireTimes(s, NOW, 5)).hasSize(5).startsWith(cache.nextFireTime(s, NOW));
            assertThat(cache.describe(s)).isNotEmpty();
            assertThat(cache.quartzTriggers(s)).as("what a pass checks").isNotEmpty();
        }
        assertThat(parses).as("parses while listing or reconciling warmed crons").hasValue(2 * distinct);
    }

    @Test
    void aCronWithFewerFireTimesLeftThanAskedIsNotSearchedAgain() {
        Schedule lastYears = schedule("0 0 12 1 1 ? 2027-2028");
        assertThat(cache.nextFireTimes(lastYears, NOW, 5)).containsExactly(Instant.parse("2027-01-01T12:00:00Z"),
                Instant.parse("2028-01-01T12:00:00Z"));
        for (int i = 0; i < 60; i++) {
            cache.describe(schedule(cron(i))); // more than the parsed crons kept: a new search would parse again
        }
        assertThat(cache.nextFireTimes(lastYears, NOW, 5)).hasSize(2);
        assertThat(cache.nextFireTimes(lastYears, NOW, 1)).hasSize(1);
        assertThat(parses).hasValue(1 + 60);
    }

    @Test
    void nextFireTimesAreComputedAgainOnceTheFirstHasPassed() {
        Schedule daily = schedule("0 0 13 * * ?");
        assertThat(cache.nextFireTimes(daily, NOW, 5)).first().isEqualTo(Instant.parse("2026-11-28T13:00:00Z"));
        assertThat(cache.nextFireTimes(daily, Instant.parse("2026-11-28T13:00:00Z"), 5)).first()
                .isEqualTo(Instant.parse("2026-11-29T13:00:00Z"));
    }

    private void list(int distinct) {
        for (int i = 0; i < distinct; i++) {
            Schedule s = schedule(cron(i));
            assertThat(cache.nextFireTimes(s, NOW, 5)).hasSize(5);
            assertThat(cache.describe(s)).isNotEmpty();
        }
    }

    private static String cron(int i) {
        return (i % 60) + " " + (i / 60 % 60) + " " + (i / 3600 % 24) + " * * ?";
    }

    private static Schedule schedule(String cron) {
        return new Schedule("s", "noop", cron, "UTC", true, List.of(), Duration.ofHours(1), 0,
                Duration.ofSeconds(30), 3, Duration.ofDays(1), 5, MisfirePolicy.FIRE_ONCE, Map.of(), false,
                null, null, 0, null, null, null, 1, NOW, NOW);
    }
}
