package org.guardian.orchestrator.core.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Extra Quartz triggers that make a repeated local time (fall-back overlap) fire at its first
 * occurrence instead of an hour late: evaluated in the fixed offset in force before the transition,
 * with the overlap's hours and the days of the month such a transition can fall on
 * ({@code 0 30 1 1-7 NOV ? *}). {@link CronSchedule#canonicalFireTime} maps both fires to the first
 * occurrence, so the later one finds the fire time claimed.
 */
final class OverlapCompanions {
  private static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2101-01-01T00:00:00Z");

  private OverlapCompanions() {}

  /** The companions {@code local} needs in {@code zone}, usually none. */
  static List<QuartzCron> of(LocalFireTimes local, ZoneId zone, List<String> baseExpressions) {
    Map<String, TreeSet<Integer>> daysByKey = new TreeMap<>();
    for (ZoneOffsetTransition overlap : overlaps(zone)) {
      LocalDateTime start = overlap.getDateTimeAfter();
      LocalDateTime end = overlap.getDateTimeBefore();
      boolean firesInOverlap = local.next(start.minusSeconds(1), end).filter(t -> t.isBefore(end)).isPresent();
      if (!firesInOverlap) {
        continue;
      }
      String hours = start.getHour() == end.minusSeconds(1).getHour() ? String.valueOf(start.getHour())
          : start.getHour() + "-" + end.minusSeconds(1).getHour();
      for (String base : baseExpressions) {
        String[] fields = base.trim().split("\\s+");
        String key = fields[0] + " " + fields[1] + " " + hours + "|" + start.getMonthValue() + "|"
            + offsetId(overlap.getOffsetBefore());
        daysByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(start.getDayOfMonth());
      }
    }
    List<QuartzCron> companions = new ArrayList<>();
    daysByKey.forEach((key, days) -> {
      String[] parts = key.split("\\|");
      String month = Month.of(Integer.parseInt(parts[1])).name().substring(0, 3);
      companions.add(new QuartzCron(parts[0] + " " + days.first() + "-" + days.last() + " " + month + " ? *",
          parts[2]));
    });
    return companions;
  }

  private static List<ZoneOffsetTransition> overlaps(ZoneId zone) {
    List<ZoneOffsetTransition> overlaps = new ArrayList<>();
    ZoneOffsetTransition t = zone.getRules().nextTransition(FROM.minusSeconds(1));
    while (t != null && t.getInstant().isBefore(TO)) {
      if (t.isOverlap()) {
        overlaps.add(t);
      }
      t = zone.getRules().nextTransition(t.getInstant());
    }
    return overlaps;
  }

  /** A {@link java.util.TimeZone} id for a fixed offset, e.g. {@code GMT-04:00}. */
  private static String offsetId(ZoneOffset offset) {
    return offset.getTotalSeconds() == 0 ? "GMT" : "GMT" + offset.getId();
  }
}
