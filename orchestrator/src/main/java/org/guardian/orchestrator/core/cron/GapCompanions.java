package org.guardian.orchestrator.core.cron;

import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Extra Quartz expressions for the spring-forward days Quartz would lose: Quartz 2.5.2 skips a local
 * time in a DST gap, and the schedule must fire at the gap's end instead. For each gap in which the
 * schedule has a local fire time, a companion fires at the gap's end on every day of the month such a
 * gap can fall on (e.g. {@code 0 0 3 8-14 MAR ? *}); {@link CronSchedule#canonicalFireTime} drops the
 * ordinary days.
 */
final class GapCompanions {
  private static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2101-01-01T00:00:00Z");

  private GapCompanions() {}

  /** The companion expressions {@code local} needs in {@code zone}, usually none. */
  static List<String> of(LocalFireTimes local, ZoneId zone) {
    Map<String, TreeSet<Integer>> daysByMonthAndTime = new TreeMap<>();
    for (ZoneOffsetTransition gap : DstRule.gaps(zone, FROM, TO)) {
      if (DstRule.firesInGap(local, gap) && !local.matches(gap.getDateTimeAfter())) {
        LocalTime end = gap.getDateTimeAfter().toLocalTime();
        String key = String.format("%d %d %d|%d",
            end.getSecond(), end.getMinute(), end.getHour(), gap.getDateTimeAfter().getMonthValue());
        daysByMonthAndTime.computeIfAbsent(key, k -> new TreeSet<>())
            .add(gap.getDateTimeAfter().getDayOfMonth());
      }
    }
    List<String> expressions = new ArrayList<>();
    daysByMonthAndTime.forEach((key, days) -> expressions.add(expression(key, days)));
    return expressions;
  }

  private static String expression(String key, TreeSet<Integer> days) {
    String[] timeAndMonth = key.split("\\|");
    String month = Month.of(Integer.parseInt(timeAndMonth[1])).name().substring(0, 3);
    return timeAndMonth[0] + " " + days.first() + "-" + days.last() + " " + month + " ? *";
  }
}
