package org.guardian.orchestrator.core.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rule for turning a local fire time into an instant: a local time in a spring-forward gap fires
 * at the instant the gap ends; a local time that exists twice (fall-back overlap) fires at its first
 * occurrence (the earlier offset); any other local time has exactly one instant.
 */
final class DstRule {
  private DstRule() {}

  /** The instant at which local time {@code local} fires in {@code zone}. */
  static Instant fireInstant(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      return zone.getRules().getTransition(local).getInstant();
    }
    return ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
  }

  /** The spring-forward transition whose gap ends exactly at {@code instant}, if any. */
  static Optional<ZoneOffsetTransition> gapEndingAt(Instant instant, ZoneId zone) {
    ZoneOffsetTransition next = zone.getRules().nextTransition(instant.minusSeconds(1));
    return Optional.ofNullable(next).filter(t -> t.isGap() && t.getInstant().equals(instant));
  }

  /** The spring-forward transitions of {@code zone} in {@code [from, to)}. */
  static List<ZoneOffsetTransition> gaps(ZoneId zone, Instant from, Instant to) {
    List<ZoneOffsetTransition> gaps = new ArrayList<>();
    ZoneOffsetTransition t = zone.getRules().nextTransition(from.minusSeconds(1));
    while (t != null && t.getInstant().isBefore(to)) {
      if (t.isGap()) {
        gaps.add(t);
      }
      t = zone.getRules().nextTransition(t.getInstant());
    }
    return gaps;
  }

  /** Whether some local fire time lies inside the gap of {@code gap} (so it fires at gap end). */
  static boolean firesInGap(LocalFireTimes local, ZoneOffsetTransition gap) {
    LocalDateTime end = gap.getDateTimeAfter();
    return local
        .next(gap.getDateTimeBefore().minusSeconds(1), end)
        .filter(time -> time.isBefore(end))
        .isPresent();
  }
}
