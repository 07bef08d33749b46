package org.guardian.orchestrator.core.cron;

import com.cronutils.model.time.ExecutionTime;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The part of a Unix day rule that Quartz cannot express. Vixie cron ANDs day-of-month and
 * day-of-week when either field starts with {@code *} (e.g. {@code 0 0 *&#47;2 * 1} = Mondays that
 * are odd days of the month); Quartz needs {@code ?} in one of them, so the Quartz expression
 * carries one field and this filter the other.
 */
final class DayFilter {
  static final DayFilter ALL = new DayFilter(null, "");

  private final ExecutionTime matcher;
  private final String text;

  private DayFilter(ExecutionTime matcher, String text) {
    this.matcher = matcher;
    this.text = text;
  }

  /** Days whose day-of-month matches the Unix field {@code dom}. */
  static DayFilter dayOfMonth(String dom) {
    return new DayFilter(unixMatcher("0 0 " + dom + " * *"), "dayOfMonth " + dom);
  }

  /** Days whose day-of-week matches the Unix field {@code dow}. */
  static DayFilter dayOfWeek(String dow) {
    return new DayFilter(unixMatcher("0 0 * * " + dow), "dayOfWeek " + dow);
  }

  private static ExecutionTime unixMatcher(String unixText) {
    return ExecutionTime.forCron(CronFieldParser.unix(unixText));
  }

  boolean test(LocalDate day) {
    return matcher == null || matcher.isMatch(day.atStartOfDay(ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return matcher == null ? "all days" : text;
  }
}
