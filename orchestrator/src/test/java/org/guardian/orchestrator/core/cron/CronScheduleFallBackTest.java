package org.guardian.orchestrator.core.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.TriggerUtils;
import org.quartz.impl.triggers.CronTriggerImpl;

/**
 * A repeated local time (fall-back) fires at its first occurrence, on time: Quartz alone would fire
 * it an hour late, so the schedule gets a companion trigger in the offset before the transition.
 * New York falls back 2026-11-01 02:00 EDT (06:00Z): 01:30 exists at 05:30Z (EDT) and 06:30Z (EST).
 */
class CronScheduleFallBackTest {
  private static final Instant YEAR_START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant YEAR_END = Instant.parse("2027-01-01T00:00:00Z");

  @Test
  void dailyRepeatedTimeGetsACompanionInTheOffsetBeforeTheTransition() {
    CronSchedule schedule = CronSchedule.parse("30 1 * * *", "America/New_York");

    assertThat(schedule.quartzTriggers())
        .contains(new QuartzCron("0 30 1 1-7 NOV ? *", "GMT-04:00"));
  }

  @Test
  void dailyRepeatedTimeIsFiredAtItsFirstOccurrence() {
    CronSchedule schedule = CronSchedule.parse("30 1 * * *", "America/New_York");

    Map<Instant, Instant> firstFire = earliestFireByCanonicalTime(schedule,
        Instant.parse("2026-10-31T00:00:00Z"), Instant.parse("2026-11-02T12:00:00Z"));

    // 01:30 EDT = 05:30Z: fired at 05:30Z, not at 06:30Z (01:30 EST) as Quartz alone would
    assertThat(firstFire).containsEntry(Instant.parse("2026-11-01T05:30:00Z"),
        Instant.parse("2026-11-01T05:30:00Z"));
  }

  @Test
  void scheduleWithoutATimeInTheRepeatedHourGetsNoCompanion() {
    CronSchedule schedule = CronSchedule.parse("0 4 * * *", "America/New_York");

    assertThat(schedule.quartzTriggers()).extracting(QuartzCron::timeZoneId)
        .containsOnly("America/New_York");
  }

  @ParameterizedTest
  @CsvSource({
      "30 1 * * *, America/New_York",
      "*/30 * * * *, America/New_York",
      "15 1 * * 0, America/New_York",
      "0 0 13 * 5, America/New_York",
      "30 2 * * *, Europe/Berlin",
      "45 * * * *, Europe/Berlin",
      "0 9 * * 1-5, Asia/Kolkata"})
  void everyFireTimeOfAYearIsFiredOnTimeBySomeTrigger(String cron, String zone) {
    CronSchedule schedule = CronSchedule.parse(cron, zone);

    Map<Instant, Instant> firstFire = earliestFireByCanonicalTime(schedule, YEAR_START, YEAR_END);

    List<Instant> spec = schedule.nextFireTimes(YEAR_START.minusSeconds(1), 20_000).stream()
        .filter(t -> t.isBefore(YEAR_END)).toList();
    assertThat(firstFire.keySet()).containsExactlyElementsOf(spec);
    firstFire.forEach((canonical, fired) -> assertThat(fired).as("fire of " + canonical).isEqualTo(canonical));
  }

  /** For each canonical fire time, the earliest instant at which one of the triggers fires for it. */
  private static Map<Instant, Instant> earliestFireByCanonicalTime(CronSchedule schedule, Instant from,
      Instant to) {
    Map<Instant, Instant> earliest = new TreeMap<>();
    for (QuartzCron trigger : schedule.quartzTriggers()) {
      for (Instant fire : quartzFires(trigger, from, to)) {
        Optional<Instant> canonical = schedule.canonicalFireTime(fire);
        canonical.ifPresent(c -> earliest.merge(c, fire, (a, b) -> a.isBefore(b) ? a : b));
      }
    }
    return earliest;
  }

  private static List<Instant> quartzFires(QuartzCron cron, Instant from, Instant to) {
    CronTriggerImpl trigger = new CronTriggerImpl();
    trigger.setName("probe");
    try {
      trigger.setCronExpression(cron.expression());
    } catch (ParseException e) {
      throw new AssertionError(cron.expression(), e);
    }
    trigger.setTimeZone(TimeZone.getTimeZone(cron.timeZoneId()));
    trigger.setStartTime(Date.from(from));
    return TriggerUtils.computeFireTimesBetween(trigger, null, Date.from(from), Date.from(to)).stream()
        .map(Date::toInstant).filter(t -> t.isBefore(to)).toList();
  }
}
