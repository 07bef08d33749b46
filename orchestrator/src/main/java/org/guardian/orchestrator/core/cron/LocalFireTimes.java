package org.guardian.orchestrator.core.cron;

import java.text.ParseException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The wall-clock (local date-time) fire times of a schedule, before any time zone is applied:
 * the union of its Quartz expressions evaluated by Quartz itself (what fires) on UTC, a zone
 * without DST, restricted to days passing its {@link DayFilter}.
 */
final class LocalFireTimes {
  private static final TimeZone WALL_CLOCK = TimeZone.getTimeZone("UTC");

  private final List<CronExpression> expressions;
  private final DayFilter filter;

  LocalFireTimes(CronTranslation translation) {
    this(translation.quartzExpressions().stream().map(LocalFireTimes::parse).toList(), translation.filter());
  }

  /** The fire times of {@code parsed}, an expression no one else holds (its zone is set here). */
  LocalFireTimes(CronExpression parsed) {
    this(List.of(parsed), DayFilter.ALL);
  }

  /** Read-only once built (their zone set here, not lazily), so one instance serves every thread. */
  private LocalFireTimes(List<CronExpression> expressions, DayFilter filter) {
    expressions.forEach(e -> e.setTimeZone(WALL_CLOCK));
    this.expressions = expressions;
    this.filter = filter;
  }

  private static CronExpression parse(String text) {
    try {
      return new CronExpression(text);
    } catch (ParseException e) {
      throw new IllegalStateException("a translated expression Quartz refuses: " + text, e);
    }
  }

  /** Whether the schedule fires at local time {@code time}. */
  boolean matches(LocalDateTime time) {
    Date wallClock = date(time);
    return filter.test(time.toLocalDate())
        && expressions.stream().anyMatch(e -> e.isSatisfiedBy(wallClock));
  }

  /** The first local fire time strictly after {@code after} and not after {@code limit}. */
  Optional<LocalDateTime> next(LocalDateTime after, LocalDateTime limit) {
    LocalDateTime cursor = after.truncatedTo(ChronoUnit.SECONDS);
    while (true) {
      Optional<LocalDateTime> candidate = earliestAfter(cursor);
      if (candidate.isEmpty() || candidate.get().isAfter(limit)) {
        return Optional.empty();
      }
      if (filter.test(candidate.get().toLocalDate())) {
        return candidate;
      }
      cursor = candidate.get().toLocalDate().atTime(LocalTime.MAX).truncatedTo(ChronoUnit.SECONDS);
    }
  }

  private Optional<LocalDateTime> earliestAfter(LocalDateTime cursor) {
    Date wallClock = date(cursor);
    return expressions.stream()
        .map(e -> e.getTimeAfter(wallClock))
        .filter(Objects::nonNull)
        .map(d -> LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC))
        .min(LocalDateTime::compareTo);
  }

  private static Date date(LocalDateTime wallClock) {
    return Date.from(wallClock.toInstant(ZoneOffset.UTC));
  }
}
