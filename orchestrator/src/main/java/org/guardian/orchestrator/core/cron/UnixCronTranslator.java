package org.guardian.orchestrator.core.cron;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.time.ExecutionTime;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Translates a 5-field Unix cron into Quartz expressions plus a {@link DayFilter}, keeping Vixie
 * semantics: both day fields restricted (not starting with {@code *}), a day matching either fires (two
 * expressions); otherwise both must match (one expression, the other field as a filter). Day-of-week
 * is evaluated with cron-utils and written as an explicit Quartz list, since its {@link CronMapper}
 * maps {@code 1/2} (Mon, Wed, Fri, Sun) to Quartz {@code 2/2}, dropping Sunday.
 */
final class UnixCronTranslator {
  private static final int DOM = 2;
  private static final int DOW = 4;
  private static final int QUARTZ_DOW = 5;
  /** A Sunday: the week evaluated to learn which days a day-of-week field matches. */
  private static final LocalDate SAMPLE_SUNDAY = LocalDate.of(2023, 1, 1);

  private UnixCronTranslator() {}

  /** Quartz expressions and filter for validated Unix {@code fields}. */
  static CronTranslation translate(List<String> fields) {
    String dom = fields.get(DOM);
    String dow = fields.get(DOW);
    boolean domRestricted = !dom.startsWith("*");
    boolean dowRestricted = !dow.startsWith("*");
    if (domRestricted && dowRestricted) {
      return new CronTranslation(
          List.of(toQuartz(with(fields, DOW, "*")), toQuartz(with(fields, DOM, "*"))),
          DayFilter.ALL);
    }
    if (dow.equals("*")) {
      return new CronTranslation(List.of(toQuartz(fields)), DayFilter.ALL);
    }
    if (dom.equals("*")) {
      return new CronTranslation(List.of(toQuartz(fields)), DayFilter.ALL);
    }
    if (dowRestricted) {
      return new CronTranslation(
          List.of(toQuartz(with(fields, DOM, "*"))), DayFilter.dayOfMonth(dom));
    }
    return new CronTranslation(
        List.of(toQuartz(with(fields, DOW, "*"))), DayFilter.dayOfWeek(dow));
  }

  private static List<String> with(List<String> fields, int index, String value) {
    List<String> copy = new ArrayList<>(fields);
    copy.set(index, value);
    return copy;
  }

  /** Quartz text for Unix fields of which at most one of day-of-month/day-of-week is not {@code *}. */
  private static String toQuartz(List<String> fields) {
    String mapped =
        CronMapper.fromUnixToQuartz().map(CronFieldParser.unix(String.join(" ", fields))).asString();
    List<String> quartz = new ArrayList<>(List.of(mapped.split(" ")));
    if (!fields.get(DOW).equals("*")) {
      quartz.set(QUARTZ_DOW, quartzDaysOfWeek(fields.get(DOW)));
    }
    return String.join(" ", quartz);
  }

  private static String quartzDaysOfWeek(String unixDow) {
    ExecutionTime week = ExecutionTime.forCron(CronFieldParser.unix("0 0 * * " + unixDow));
    TreeSet<Integer> quartzDays = new TreeSet<>();
    for (int i = 0; i < 7; i++) {
      ZonedDateTime day = SAMPLE_SUNDAY.plusDays(i).atStartOfDay(ZoneOffset.UTC);
      if (week.isMatch(day)) {
        quartzDays.add(quartzNumber(day.getDayOfWeek()));
      }
    }
    return quartzDays.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** Quartz numbering: 1 = Sunday, 2 = Monday … 7 = Saturday. */
  static int quartzNumber(DayOfWeek day) {
    return day.getValue() % 7 + 1;
  }
}
