package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.cron.CronSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A misfire fired "now" stands for the latest fire time of the cron at or before now. */
class FireResolverTest {

    @ParameterizedTest(name = "{0} in {1} at {2} -> {3}")
    @CsvSource({
            "'* * * * * ?',       UTC,           2026-11-25T10:15:30.400Z, 2026-11-25T10:15:30Z",
            "'*/2 * * * * ?',     UTC,           2026-11-25T10:15:31.999Z, 2026-11-25T10:15:30Z",
            "'* * * * *',         UTC,           2026-11-25T10:15:00Z,     2026-11-25T10:15:00Z",
            "'*/30 * * * *',      UTC,           2026-11-25T10:29:59Z,     2026-11-25T10:00:00Z",
            "'0 4 * * 0',         UTC,           2026-11-25T10:00:00Z,     2026-11-22T04:00:00Z",
            "'0 3 1 * *',         UTC,           2026-11-25T10:00:00Z,     2026-11-01T03:00:00Z",
            "'0 0 29 2 *',        UTC,           2026-11-25T10:00:00Z,     2024-02-29T00:00:00Z",
            "'30 2 * * *',        Europe/Berlin, 2026-03-29T06:00:00Z,     2026-03-29T01:00:00Z",
    })
    void findsTheLatestFireTimeAtOrBefore(String cron, String zone, Instant at, Instant expected) {
        assertThat(FireResolver.latestFireTimeAtOrBefore(CronSchedule.parse(cron, zone), at)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"'*/7 * * * *', UTC", "'15 */3 * * 1-5', America/New_York", "'0 0 12 ? * 2#1', Europe/London"})
    void agreesWithWalkingEveryFireTimeOfTheLastYears(String cron, String zone) {
        CronSchedule schedule = CronSchedule.parse(cron, zone);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Instant> fireTimes = schedule.nextFireTimes(start, 400);
        for (int i = 1; i < fireTimes.size(); i += 37) {
            Instant between = fireTimes.get(i).plusMillis((fireTimes.get(i + 1 < fireTimes.size() ? i + 1 : i)
                    .toEpochMilli() - fireTimes.get(i).toEpochMilli()) / 2);
            assertThat(FireResolver.latestFireTimeAtOrBefore(schedule, between)).as("at " + between)
                    .isEqualTo(Optional.of(fireTimes.get(i)));
        }
    }
}
