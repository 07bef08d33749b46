package org.guardian.orchestrator.core.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CronSchedule as the README's Cron section specifies it; every expected instant is derived by hand in a comment.
 * 2026-01-01 is a Thursday, 2026-03-01 a Sunday. New York (EST -5 / EDT -4) springs forward
 * 2026-03-08 02:00 EST (07:00Z), falls back 11-01 02:00 EDT (06:00Z); Berlin (CET +1 / CEST +2)
 * changes at 01:00Z on 03-29 and 10-25; Kolkata is +05:30 all year. Quartz's behaviour and the
 * Quartz equivalence check: {@link CronScheduleQuartzTest}.
 */
class CronScheduleTest {
  private static final String NEW_YORK = "America/New_York";
  private static final String BERLIN = "Europe/Berlin";
  private static final String KOLKATA = "Asia/Kolkata";
  private static final String UTC = "UTC";

  private static List<Instant> next(String expression, String zone, String after, int count) {
    return CronSchedule.parse(expression, zone).nextFireTimes(Instant.parse(after), count);
  }

  private static List<Instant> instants(String... texts) {
    return Arrays.stream(texts).map(Instant::parse).toList();
  }

  @Test
  void everyThirtyMinutesFiresOnTheHourAndHalfHour() {
    assertThat(next("*/30 * * * *", UTC, "2026-01-01T00:10:00Z", 3))
        .isEqualTo(instants("2026-01-01T00:30:00Z", "2026-01-01T01:00:00Z", "2026-01-01T01:30:00Z"));
  }

  @Test
  void fireTimesAreStrictlyAfterTheGivenInstant() {
    assertThat(next("*/30 * * * *", UTC, "2026-01-01T00:30:00Z", 1))
        .isEqualTo(instants("2026-01-01T01:00:00Z"));
  }

  @Test
  void sundayAtFourIsLocalTimeInNewYork() {
    // 2026-01-04 and 01-11 are Sundays; 04:00 EST (-05:00) = 09:00Z.
    assertThat(next("0 4 * * 0", NEW_YORK, "2026-01-01T00:00:00Z", 2))
        .isEqualTo(instants("2026-01-04T09:00:00Z", "2026-01-11T09:00:00Z"));
  }

  @Test
  void dayOfWeekSevenIsSunday() {
    // Same Sundays as above, in UTC.
    assertThat(next("0 4 * * 7", UTC, "2026-01-01T00:00:00Z", 2))
        .isEqualTo(instants("2026-01-04T04:00:00Z", "2026-01-11T04:00:00Z"));
  }

  @Test
  void dayOfWeekZeroAndSevenTogetherFireOncePerSunday() {
    assertThat(next("0 4 * * 0,7", UTC, "2026-01-01T00:00:00Z", 2))
        .isEqualTo(instants("2026-01-04T04:00:00Z", "2026-01-11T04:00:00Z"));
  }

  @Test
  void monthAndDayNamesAreAcceptedInBerlin() {
    // Fri 03-27 09:00 CET = 08:00Z; Berlin is on CEST from 03-29: Mon 03-30 and Tue 03-31 09:00
    // CEST = 07:00Z; April–December excluded; Fri 2027-01-01 and Mon 01-04 09:00 CET = 08:00Z.
    assertThat(next("0 9 * JAN-MAR MON-FRI", BERLIN, "2026-03-27T00:00:00Z", 5))
        .isEqualTo(instants("2026-03-27T08:00:00Z", "2026-03-30T07:00:00Z",
            "2026-03-31T07:00:00Z", "2027-01-01T08:00:00Z", "2027-01-04T08:00:00Z"));
  }

  @Test
  void listsRangesAndStepsCombine() {
    // minutes 0 and 15 of hours 8 and 10 (8-10 step 2).
    assertThat(next("0,15 8-10/2 * * *", UTC, "2026-01-01T00:00:00Z", 5))
        .isEqualTo(instants("2026-01-01T08:00:00Z", "2026-01-01T08:15:00Z",
            "2026-01-01T10:00:00Z", "2026-01-01T10:15:00Z", "2026-01-02T08:00:00Z"));
  }

  @Test
  void wrappingDayOfWeekRangeFiveToSevenIsFridayToSunday() {
    // Fri 01-02, Sat 01-03, Sun 01-04, then Fri 01-09.
    assertThat(next("0 0 * * 5-7", UTC, "2026-01-01T00:00:00Z", 4))
        .isEqualTo(instants("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z",
            "2026-01-04T00:00:00Z", "2026-01-09T00:00:00Z"));
  }

  @Test
  void kolkataHasAHalfHourOffsetAndNoDst() {
    // 02:30 IST (+05:30) on 03-08 = 21:00Z on 03-07; every day the same.
    assertThat(next("30 2 * * *", KOLKATA, "2026-03-07T00:00:00Z", 2))
        .isEqualTo(instants("2026-03-07T21:00:00Z", "2026-03-08T21:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // after 2026-01-01T00:30Z
    "@hourly,   2026-01-01T01:00:00Z, 2026-01-01T02:00:00Z",
    "@daily,    2026-01-02T00:00:00Z, 2026-01-03T00:00:00Z",
    "@midnight, 2026-01-02T00:00:00Z, 2026-01-03T00:00:00Z",
    "@weekly,   2026-01-04T00:00:00Z, 2026-01-11T00:00:00Z", // Sundays
    "@monthly,  2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
    "@yearly,   2027-01-01T00:00:00Z, 2028-01-01T00:00:00Z",
    "@annually, 2027-01-01T00:00:00Z, 2028-01-01T00:00:00Z",
  })
  void macrosFireAsTheirUnixExpansion(String macro, String first, String second) {
    assertThat(next(macro, UTC, "2026-01-01T00:30:00Z", 2)).isEqualTo(instants(first, second));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekFireOnEither() {
    // March 2026 Fridays: 6, 13, 20, 27 (the 13th is also a Friday: one fire). April: Fridays 3,
    // 10, 17, 24 and Monday the 13th.
    assertThat(next("0 0 13 * 5", UTC, "2026-03-01T00:00:00Z", 9))
        .isEqualTo(instants("2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z",
            "2026-03-20T00:00:00Z", "2026-03-27T00:00:00Z", "2026-04-03T00:00:00Z",
            "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z", "2026-04-17T00:00:00Z",
            "2026-04-24T00:00:00Z"));
  }

  @Test
  void eitherDayRuleBecomesTwoQuartzExpressions() {
    // Unix Friday 5 = Quartz 6.
    assertThat(CronSchedule.parse("0 0 13 * 5", UTC).quartzExpressions())
        .containsExactly("0 0 0 13 * ? *", "0 0 0 ? * 6 *");
  }

  @Test
  void steppedDayOfMonthStartingWithStarIsAndedWithDayOfWeek() {
    // */2 = odd days. Mondays: March 2, 9, 16, 23, 30 → 9, 23; April 6, 13, 20, 27 → 13, 27.
    assertThat(next("0 0 */2 * 1", UTC, "2026-03-01T00:00:00Z", 4))
        .isEqualTo(instants("2026-03-09T00:00:00Z", "2026-03-23T00:00:00Z",
            "2026-04-13T00:00:00Z", "2026-04-27T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "0 4 * * 0             | 0 0 4 ? * 1 *",
    "0 4 * * 7             | 0 0 4 ? * 1 *",
    "0 0 * * 1-5           | 0 0 0 ? * 2,3,4,5,6 *",
    "0 0 * * 5-7           | 0 0 0 ? * 1,6,7 *",
    "0 0 * * SAT,SUN       | 0 0 0 ? * 1,7 *",
    // cron-utils reads 1/2 as 1-7/2 = Mon, Wed, Fri, Sun; its mapper would say 2/2 (no Sunday)
    "0 0 * * 1/2           | 0 0 0 ? * 1,2,4,6 *",
    "0 9 * JAN-MAR MON-FRI | 0 0 9 ? 1-3 2,3,4,5,6 *",
  })
  void unixDaysOfWeekBecomeQuartzNumbersSundayOne(String unix, String quartz) {
    assertThat(CronSchedule.parse(unix, UTC).quartzExpressions()).containsExactly(quartz);
  }

  @Test
  void quartzSixFieldsWithSecondsInKolkata() {
    // Thu 01-01, Fri 01-02, Mon 01-05 at 09:00:30 IST = 03:30:30Z.
    assertThat(next("30 0 9 ? * MON-FRI", KOLKATA, "2026-01-01T00:00:00Z", 3))
        .isEqualTo(instants("2026-01-01T03:30:30Z", "2026-01-02T03:30:30Z",
            "2026-01-05T03:30:30Z"));
  }

  @Test
  void quartzStepEveryFiveMinutes() {
    assertThat(next("0 0/5 * * * ?", UTC, "2026-01-01T00:02:00Z", 2))
        .isEqualTo(instants("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z"));
  }

  @Test
  void quartzYearFieldEndsTheSchedule() {
    assertThat(next("0 0 12 31 12 ? 2027", UTC, "2026-01-01T00:00:00Z", 3))
        .isEqualTo(instants("2027-12-31T12:00:00Z"));
  }

  @Test
  void quartzExpressionIsPassedToQuartzAsGiven() {
    CronSchedule schedule = CronSchedule.parse("0 0/5 * * * ?", UTC);
    assertThat(schedule.quartzExpressions()).containsExactly("0 0/5 * * * ?");
    assertThat(schedule.unixSyntax()).isFalse();
  }

  @Test
  void dailyTimeInSpringForwardGapFiresWhenTheGapEnds() {
    // 2026-03-08 02:30 does not exist in New York; the gap ends at 03:00 EDT = 07:00Z.
    // 03-09 02:30 EDT = 06:30Z.
    assertThat(next("30 2 * * *", NEW_YORK, "2026-03-07T12:00:00Z", 2))
        .isEqualTo(instants("2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"));
  }

  @Test
  void dailyTimeInFallBackOverlapFiresAtFirstOccurrenceOnly() {
    // 2026-11-01 01:30 happens at 01:30 EDT (05:30Z) and 01:30 EST (06:30Z): only the first.
    // 11-02 01:30 EST = 06:30Z.
    assertThat(next("30 1 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2))
        .isEqualTo(instants("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"));
  }

  @Test
  void halfHourlyAcrossSpringForwardFiresTheGapOnceAtItsEnd() {
    // 01:00 EST 06:00Z, 01:30 EST 06:30Z; 02:00 and 02:30 (gap) and 03:00 EDT are all 07:00Z:
    // one fire; 03:30 EDT 07:30Z.
    assertThat(next("*/30 * * * *", NEW_YORK, "2026-03-08T05:45:00Z", 4))
        .isEqualTo(instants("2026-03-08T06:00:00Z", "2026-03-08T06:30:00Z",
            "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"));
  }

  @Test
  void halfHourlyAcrossFallBackFiresEachWallTimeOnce() {
    // 01:00 EDT 05:00Z, 01:30 EDT 05:30Z; 01:00/01:30 EST (06:00Z, 06:30Z) repeat them: no fire;
    // 02:00 EST 07:00Z, 02:30 EST 07:30Z.
    assertThat(next("*/30 * * * *", NEW_YORK, "2026-11-01T04:45:00Z", 4))
        .isEqualTo(instants("2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z",
            "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z"));
  }

  @Test
  void startingInsideTheRepeatedHourSkipsWallTimesAlreadyFired() {
    // After 06:10Z (01:10 EST, second pass): 01:30 fired at 05:30Z already; next is 02:00 EST.
    assertThat(next("*/30 * * * *", NEW_YORK, "2026-11-01T06:10:00Z", 1))
        .isEqualTo(instants("2026-11-01T07:00:00Z"));
  }

  @Test
  void berlinSpringForwardGapFiresWhenTheGapEnds() {
    // 2026-03-29 02:00 CET (01:00Z) jumps to 03:00 CEST: 02:30 fires at 01:00Z.
    // 03-30 02:30 CEST = 00:30Z.
    assertThat(next("30 2 * * *", BERLIN, "2026-03-28T12:00:00Z", 2))
        .isEqualTo(instants("2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"));
  }

  @Test
  void berlinFallBackFiresFirstOccurrence() {
    // 2026-10-25 03:00 CEST (01:00Z) goes back to 02:00 CET: 02:30 CEST = 00:30Z, not 01:30Z.
    // 10-26 02:30 CET = 01:30Z.
    assertThat(next("30 2 * * *", BERLIN, "2026-10-24T12:00:00Z", 2))
        .isEqualTo(instants("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
    "61 * * * *          | minute",
    "0 24 * * *          | hour",
    "0 0 32 * *          | dayOfMonth",
    "0 0 * 13 *          | month",
    "0 0 * * 8           | dayOfWeek",
    "0 0 * * FUNDAY      | dayOfWeek",
    "garbage             | expression",
    "0 0 * *             | expression",
    "0 0 0 * * * * *     | expression",
    "@often              | expression",
    "60 0 12 * * ?       | second",
    "0 0 12 * * 1        | dayOfWeek",
    "0 0 12 ? * 1 1960   | year",
  })
  void invalidExpressionNamesTheWrongField(String expression, String field) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, UTC))
        .isInstanceOfSatisfying(InvalidCronException.class,
            e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageNotContaining("null");
  }

  @Test
  void outOfRangeValueIsExplained() {
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", UTC))
        .hasMessageContaining("minute '61'").hasMessageContaining("[0, 59]");
  }

  @ParameterizedTest(name = "''{0}''")
  @NullAndEmptySource
  @ValueSource(strings = {"Mars/Base", " ", "GMT+5", "+02:00", "EST"})
  void missingOrNonIanaTimeZoneIsRejected(String zone) {
    assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *", zone))
        .isInstanceOfSatisfying(InvalidCronException.class,
            e -> assertThat(e.field()).isEqualTo("timeZone"));
  }

  @Test
  void keepsExpressionZoneAndSyntax() {
    CronSchedule schedule = CronSchedule.parse(" 0 4 * * 0 ", NEW_YORK);
    assertThat(schedule.expression()).isEqualTo("0 4 * * 0");
    assertThat(schedule.zone().getId()).isEqualTo(NEW_YORK);
    assertThat(schedule.unixSyntax()).isTrue();
  }

  @Test
  void describesInEnglish() {
    assertThat(CronSchedule.parse("*/30 * * * *", UTC).describe()).isEqualTo("every 30 minutes");
  }

  @Test
  void descriptionOfEitherDayRuleSaysEither() {
    assertThat(CronSchedule.parse("0 0 13 * 5", UTC).describe())
        .contains("Friday").contains("either the day of month or the day of week");
  }
}
