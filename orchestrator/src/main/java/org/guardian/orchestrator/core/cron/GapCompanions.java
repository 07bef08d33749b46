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
 * Extra Quartz expressions that make Quartz fire the spring-forward days it would otherwise lose.
 *
 * <p>Quartz 2.5.2 silently skips a local time that falls in a DST gap: {@code 0 30 2 * * ?} in
 * America/New_York has no fire on 2026-03-08. The SPEC wants it at the end of the gap (03:00 EDT).
 * For each gap (of the zone's transitions 2020–2100) in which the schedule has a local fire time
 * and whose end time is not itself a fire time, a companion fires at the gap's end local time on
 * every day of the month on which such a gap can fall, e.g. {@code 0 0 3 8-14 MAR ? *} (7 fires a
 * year, 6 of them on ordinary days, which {@link CronSchedule#canonicalFireTime} drops).
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
