package org.guardian.orchestrator.core.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.TriggerUtils;
import org.quartz.impl.triggers.CronTriggerImpl;

/**
 * What Quartz 2.5.2 does with {@link CronSchedule#quartzExpressions()} around DST, and that
 * Quartz's fires mapped through {@link CronSchedule#canonicalFireTime} are exactly the schedule's fire
 * times. New York: spring forward 2026-03-08 02:00 EST (07:00Z), fall back 2026-11-01 02:00 EDT
 * (06:00Z).
 */
class CronScheduleQuartzTest {
  private static final String NEW_YORK = "America/New_York";

  private static List<Instant> quartzFires(String quartzExpression, String zone, Instant from,
      Instant to) {
    CronTriggerImpl trigger = new CronTriggerImpl();
    trigger.setName("probe");
    try {
      trigger.setCronExpression(quartzExpression);
    } catch (ParseException e) {
      throw new AssertionError(quartzExpression, e);
    }
    trigger.setTimeZone(TimeZone.getTimeZone(zone));
    trigger.setStartTime(Date.from(from));
    return TriggerUtils.computeFireTimesBetween(trigger, null, Date.from(from), Date.from(to))
        .stream().map(Date::toInstant).toList();
  }

  /** Every trigger of the schedule, through canonicalFireTime, deduplicated, sorted. */
  private static List<Instant> orchestratorFires(CronSchedule schedule, Instant from, Instant to) {
    return schedule.quartzTriggers().stream()
        .flatMap(t -> quartzFires(t.expression(), t.timeZoneId(), from, to).stream())
        .map(schedule::canonicalFireTime)
        .flatMap(Optional::stream)
        .distinct().sorted().toList();
  }

  private static List<Instant> specFires(CronSchedule schedule, Instant from, Instant to) {
    List<Instant> fires = new ArrayList<>();
    Instant cursor = from;
    while (true) {
      List<Instant> page = schedule.nextFireTimes(cursor, 500);
      for (Instant fire : page) {
        if (!fire.isBefore(to)) {
          return fires;
        }
        fires.add(fire);
      }
      if (page.isEmpty()) {
        return fires;
      }
      cursor = page.get(page.size() - 1);
    }
  }

  // --- what Quartz itself does ---------------------------------------------------------------

  @Test
  void quartzSkipsADailyTimeInTheSpringForwardGap() {
    // No fire on 03-08 at all; next is 03-09 02:30 EDT = 06:30Z.
    assertThat(quartzFires("0 30 2 * * ?", NEW_YORK,
        Instant.parse("2026-03-07T12:00:00Z"), Instant.parse("2026-03-09T12:00:00Z")))
        .containsExactly(Instant.parse("2026-03-09T06:30:00Z"));
  }

  @Test
  void quartzFiresARepeatedDailyTimeAtItsSecondOccurrence() {
    // 01:30 EST = 06:30Z, not 01:30 EDT = 05:30Z.
    assertThat(quartzFires("0 30 1 * * ?", NEW_YORK,
        Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T12:00:00Z")))
        .containsExactly(Instant.parse("2026-11-01T06:30:00Z"));
  }

  @Test
  void quartzHalfHourlySkipsTheFirstPassOfTheRepeatedHour() {
    // 00:30 EDT 04:30Z, then 01:00/01:30 EST (06:00Z, 06:30Z): 05:00Z and 05:30Z never fire.
    assertThat(quartzFires("0 0/30 * * * ?", NEW_YORK,
        Instant.parse("2026-11-01T04:15:00Z"), Instant.parse("2026-11-01T07:15:00Z")))
        .containsExactly(Instant.parse("2026-11-01T04:30:00Z"),
            Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-11-01T06:30:00Z"),
            Instant.parse("2026-11-01T07:00:00Z"));
  }

  // --- the schedule's answer to it -------------------------------------------------------------

  @Test
  void gapScheduleGetsACompanionFiringAtGapEnd() {
    assertThat(CronSchedule.parse("30 2 * * *", NEW_YORK).quartzExpressions())
        .containsExactly("0 30 2 * * ? *", "0 0 3 8-14 MAR ? *");
  }

  @Test
  void scheduleWithoutGapTimesGetsNoCompanion() {
    assertThat(CronSchedule.parse("30 1 * * *", NEW_YORK).quartzExpressions())
        .containsExactly("0 30 1 * * ? *");
  }

  @Test
  void companionFireOnTheGapDayIsTheSpecFire() {
    Instant gapEnd = Instant.parse("2026-03-08T07:00:00Z");
    assertThat(CronSchedule.parse("30 2 * * *", NEW_YORK).canonicalFireTime(gapEnd))
        .contains(gapEnd);
  }

  @Test
  void companionFireOnAnOrdinaryDayIsDropped() {
    // 03-09 03:00 EDT = 07:00Z: 03:00 is not a fire time of 30 2 * * *.
    assertThat(CronSchedule.parse("30 2 * * *", NEW_YORK)
        .canonicalFireTime(Instant.parse("2026-03-09T07:00:00Z"))).isEmpty();
  }

  @Test
  void secondOccurrenceFireMapsToTheFirstOccurrence() {
    assertThat(CronSchedule.parse("30 1 * * *", NEW_YORK)
        .canonicalFireTime(Instant.parse("2026-11-01T06:30:00Z")))
        .contains(Instant.parse("2026-11-01T05:30:00Z"));
  }

  @Test
  void ordinaryFireIsKept() {
    Instant fire = Instant.parse("2026-06-01T05:30:00Z"); // 01:30 EDT
    assertThat(CronSchedule.parse("30 1 * * *", NEW_YORK).canonicalFireTime(fire)).contains(fire);
  }

  @Test
  void oneScheduleAskedInTurnAnswersEachFireAsAFreshParse() {
    CronSchedule shared = CronSchedule.parse("30 2 * * *", NEW_YORK);
    List<Instant> fires = List.of(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T07:00:00Z"),
        Instant.parse("2026-03-09T07:00:00Z"), Instant.parse("2026-03-09T07:00:00Z"),
        Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-06-01T06:30:00Z"));
    for (Instant fire : fires) {
      assertThat(shared.canonicalFireTime(fire)).as(fire.toString())
          .isEqualTo(CronSchedule.parse("30 2 * * *", NEW_YORK).canonicalFireTime(fire));
    }
  }

  @Test
  void fireOnADayTheUnixDayRuleExcludesIsDropped() {
    // 0 0 */2 * 1 runs in Quartz as every Monday; Monday 03-02 is an even day.
    CronSchedule schedule = CronSchedule.parse("0 0 */2 * 1", "UTC");
    assertThat(schedule.canonicalFireTime(Instant.parse("2026-03-02T00:00:00Z"))).isEmpty();
    assertThat(schedule.canonicalFireTime(Instant.parse("2026-03-09T00:00:00Z"))).isPresent();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(delimiter = '|', value = {
    "30 2 * * *              | America/New_York",
    "30 1 * * *              | America/New_York",
    "*/30 * * * *            | America/New_York",
    "59 1,2 * * *            | America/New_York",
    "@hourly                 | America/New_York",
    "0 0 13 * 5              | America/New_York",
    "0 0 */2 * 1             | America/New_York",
    "15 2 8-14 3 0           | America/New_York",
    "0 9 * JAN-MAR MON-FRI   | America/New_York",
    "0 4 * * 7               | America/New_York",
    "0 0 * * 5-7             | America/New_York",
    "0 0 * * 1/2             | America/New_York",
    "0 30 2 ? * 1#2          | America/New_York",
    "0 0/20 1-3 ? * SUN      | America/New_York",
    "30 2 * * *              | Europe/Berlin",
    "*/30 * * * *            | Europe/Berlin",
    "30 2 * * *              | Asia/Kolkata",
  })
  void quartzTriggersThroughCanonicalFireTimeGiveExactlyTheSpecFiresForAYear(String expression,
      String zone) {
    CronSchedule schedule = CronSchedule.parse(expression, zone);
    Instant from = Instant.parse("2026-01-01T00:00:01Z");
    Instant to = Instant.parse("2027-01-01T00:00:01Z");
    List<Instant> spec = specFires(schedule, from, to);
    assertThat(spec).isNotEmpty();
    assertThat(orchestratorFires(schedule, from, to)).isEqualTo(spec);
  }
}
