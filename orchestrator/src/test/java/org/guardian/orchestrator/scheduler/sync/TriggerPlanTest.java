package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TriggerPlanTest {
    private final TriggerPlan plan = new TriggerPlan(new CronCache(),
            Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aCronWhoseLastFireTimeHasPassedNeverFiresAgain() {
        assertThat(plan.problem(schedule("0 0 0 1 1 ? 2020", "UTC"))).isEqualTo("cron: never fires again");
    }

    @Test
    void aCronWhoseQuartzFormIsLongerThanQuartzStoresIsRefused() {
        String everyMinute = IntStream.range(0, 60).mapToObj(Integer::toString).collect(Collectors.joining(","));

        assertThat(plan.problem(schedule("0 " + everyMinute + " * * * ?", "UTC")))
                .startsWith("cron: too long for Quartz").contains("at most 120");
    }

    @Test
    void anInvalidCronNamesItsField() {
        assertThat(plan.problem(schedule("61 * * * *", "UTC"))).startsWith("cron: invalid minute field");
    }

    @Test
    void anUnknownZoneNamesTheTimeZone() {
        assertThat(plan.problem(schedule("@daily", "Mars/Olympus"))).startsWith("timeZone: ").contains("Mars/Olympus");
    }

    @Test
    void aCronQuartzTakesHasNoProblemAndOneTriggerPerQuartzExpression() {
        Schedule eitherDay = schedule("0 12 1 * 1", "UTC");

        assertThat(plan.problem(eitherDay)).isNull();
        assertThat(plan.cronTriggers(eitherDay)).hasSize(2)
                .allSatisfy((key, trigger) -> assertThat(trigger.getNextFireTime()).isNotNull());
    }

    private static Schedule schedule(String cron, String zone) {
        return new Schedule("s", "noop", cron, zone, true, List.of(), Duration.ofMinutes(1), 0, Duration.ZERO, 3,
                Duration.ofDays(1), 5, MisfirePolicy.FIRE_ONCE, Map.of(), false, null, null, 0, null, null, null, 1,
                null, null);
    }
}
