package org.guardian.orchestrator.core.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The wall-clock (local date-time) fire times of a schedule, before any time zone is applied:
 * the union of its Quartz expressions evaluated by cron-utils on a zone without DST, restricted to
 * days passing its {@link DayFilter}.
 */
final class LocalFireTimes {
  private final List<ExecutionTime> executionTimes;
  private final DayFilter filter;

  /**
   * @param parsed the translation's single Quartz expression already parsed (a Quartz-syntax
   *     schedule is its own translation), or null to parse each
   */
  LocalFireTimes(CronTranslation translation, Cron parsed) {
    List<String> texts = translation.quartzExpressions();
    this.executionTimes =
        parsed != null && texts.size() == 1
            ? List.of(ExecutionTime.forCron(parsed))
            : texts.stream().map(text -> ExecutionTime.forCron(CronFieldParser.quartz(text))).toList();
    this.filter = translation.filter();
  }

  /** Whether the schedule fires at local time {@code time}. */
  boolean matches(LocalDateTime time) {
    ZonedDateTime wallClock = time.atZone(ZoneOffset.UTC);
    return filter.test(time.toLocalDate())
        && executionTimes.stream().anyMatch(e -> e.isMatch(wallClock));
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
    ZonedDateTime wallClock = cursor.atZone(ZoneOffset.UTC);
    return executionTimes.stream()
        .flatMap(e -> e.nextExecution(wallClock).stream())
        .map(ZonedDateTime::toLocalDateTime)
        .min(LocalDateTime::compareTo);
  }
}
