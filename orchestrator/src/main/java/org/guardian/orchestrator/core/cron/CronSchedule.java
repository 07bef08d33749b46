package org.guardian.orchestrator.core.cron;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;

/**
 * A cron schedule evaluated in an IANA time zone, with the semantics of SPEC §5 (immutable).
 *
 * <p><b>Syntax.</b> Five fields are Unix (Vixie) cron: {@code minute hour day-of-month month
 * day-of-week}, day-of-week 0 and 7 both Sunday, names ({@code JAN}, {@code MON}), ranges, steps and
 * lists, and the macros {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}. Six or
 * seven fields are Quartz cron ({@code second minute hour day-of-month month day-of-week [year]},
 * day-of-week 1 = Sunday, {@code ?} in one of the day fields).
 *
 * <p><b>Days (Unix).</b> A day field is restricted when its text does not start with {@code *}. When
 * both day-of-month and day-of-week are restricted a day matching <em>either</em> fires; otherwise a
 * day must match both (Vixie cron).
 *
 * <p><b>DST.</b> Fire times are local (wall-clock) times in {@link #zone()}. A local time that does
 * not exist (spring-forward gap) fires at the instant the gap ends; a local time that exists twice
 * (fall-back) fires once, at its first occurrence. So {@code 30 2 * * *} in America/New_York fires
 * 2026-03-08T07:00:00Z (03:00 EDT) and {@code 30 1 * * *} fires 2026-11-01T05:30:00Z (01:30 EDT)
 * only. Several local times mapping to one instant fire once: {@code *&#47;30 * * * *} fires 01:30 EST,
 * then 07:00Z once for 02:00, 02:30 (gap) and 03:00 EDT on 2026-03-08; on 2026-11-01 it fires 01:00
 * and 01:30 EDT and nothing during the repeated hour, then 02:00 EST.
 */
public final class CronSchedule {
  private static final int SEARCH_YEARS = 100;

  private final String expression;
  private final ZoneId zone;
  private final boolean unixSyntax;
  private final Cron cron;
  private final LocalFireTimes localFireTimes;
  private final List<String> quartzExpressions;
  private final List<QuartzCron> quartzTriggers;
  private final boolean eitherDay;

  private CronSchedule(String expression, ZoneId zone, boolean unixSyntax, Cron cron,
      CronTranslation translation) {
    this.expression = expression;
    this.zone = zone;
    this.unixSyntax = unixSyntax;
    this.cron = cron;
    this.localFireTimes = new LocalFireTimes(translation);
    this.eitherDay = translation.quartzExpressions().size() > 1;
    List<String> all = new ArrayList<>(translation.quartzExpressions());
    all.addAll(GapCompanions.of(localFireTimes, zone));
    this.quartzExpressions = List.copyOf(all);
    List<QuartzCron> triggers = new ArrayList<>();
    all.forEach(e -> triggers.add(new QuartzCron(e, zone.getId())));
    triggers.addAll(OverlapCompanions.of(localFireTimes, zone, translation.quartzExpressions()));
    this.quartzTriggers = List.copyOf(triggers);
  }

  /**
   * Parses a Unix (5-field, or macro) or Quartz (6/7-field) cron expression in an IANA time zone.
   *
   * @throws InvalidCronException naming the wrong field ({@code minute}, {@code dayOfWeek}, …,
   *     {@code expression} for a wrong field count or unknown macro, {@code timeZone})
   */
  public static CronSchedule parse(String expression, String timeZone) {
    ZoneId zone = ianaZone(timeZone);
    List<String> fields = CronText.fields(expression);
    if (CronText.isUnix(fields)) {
      Cron cron = CronFieldParser.parseUnix(fields);
      return new CronSchedule(expression.trim(), zone, true, cron,
          UnixCronTranslator.translate(fields));
    }
    Cron cron = CronFieldParser.parseQuartz(fields);
    CronTranslation translation =
        new CronTranslation(List.of(String.join(" ", fields)), DayFilter.ALL);
    return new CronSchedule(expression.trim(), zone, false, cron, translation);
  }

  private static ZoneId ianaZone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      throw new InvalidCronException("timeZone", "time zone is empty; use an IANA id such as "
          + "America/New_York");
    }
    if (!ZoneId.getAvailableZoneIds().contains(timeZone)
        || !TimeZone.getTimeZone(timeZone).getID().equals(timeZone)) {
      throw new InvalidCronException("timeZone", "unknown time zone '" + timeZone
          + "'; use an IANA id such as America/New_York");
    }
    return ZoneId.of(timeZone);
  }

  /** The expression as given (trimmed). */
  public String expression() {
    return expression;
  }

  /** The time zone in which the expression is evaluated. */
  public ZoneId zone() {
    return zone;
  }

  /** True for 5-field Unix cron and macros, false for Quartz cron. */
  public boolean unixSyntax() {
    return unixSyntax;
  }

  /**
   * Quartz cron expressions which, each run by a {@code CronTrigger} built with
   * {@code CronScheduleBuilder.cronSchedule(expr).inTimeZone(TimeZone.getTimeZone(zone()))}, fire
   * at least at every fire time of this schedule; pass every Quartz fire time through
   * {@link #canonicalFireTime} and run what it returns, once per distinct instant.
   *
   * <p>Usually one expression. More when:
   *
   * <ul>
   *   <li>Unix day-of-month and day-of-week are both restricted (either fires): one expression with
   *       the day-of-month and {@code ?} day-of-week, one with {@code ?} day-of-month and the
   *       day-of-week. A day matching both fires both triggers at the same instant; the
   *       orchestrator must run it once (dedupe by schedule and fire instant).
   *   <li>the schedule has a local time inside a DST gap: a gap companion (see {@link
   *       #canonicalFireTime}), because Quartz skips gap times entirely.
   * </ul>
   *
   * <p>For Unix cron that ANDs a stepped day field ({@code 0 0 *&#47;2 * 1}: odd-day Mondays) the
   * expression fires on a superset (every Monday) and {@link #canonicalFireTime} drops the rest.
   */
  public List<String> quartzExpressions() {
    return quartzExpressions;
  }

  /**
   * Every Quartz trigger the schedule needs, each with the zone Quartz evaluates it in: the
   * {@link #quartzExpressions()} in {@link #zone()}, plus fall-back companions in the fixed offset
   * before the transition, so that a repeated local time fires at its first occurrence (see
   * {@link OverlapCompanions}). Pass every fire through {@link #canonicalFireTime} and run each
   * distinct instant once.
   */
  public List<QuartzCron> quartzTriggers() {
    return quartzTriggers;
  }

  /**
   * The first {@code count} fire instants strictly after {@code after}, ascending, without
   * duplicates (fewer if the schedule ends, e.g. a Quartz year field, or has none within 100
   * years). See the class comment for DST.
   */
  public List<Instant> nextFireTimes(Instant after, int count) {
    List<Instant> fireTimes = new ArrayList<>();
    Instant last = after;
    LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
    LocalDateTime limit = cursor.plusYears(SEARCH_YEARS);
    while (fireTimes.size() < count) {
      Optional<LocalDateTime> next = localFireTimes.next(cursor, limit);
      if (next.isEmpty()) {
        break;
      }
      Instant instant = DstRule.fireInstant(next.get(), zone);
      if (instant.isAfter(last)) {
        fireTimes.add(instant);
        last = instant;
      }
      cursor = next.get();
    }
    return fireTimes;
  }

  /**
   * The SPEC fire time that a fire of one of {@link #quartzExpressions()} at {@code
   * quartzFireTime} stands for, or empty when it stands for none (drop it). Pass Quartz's
   * <em>scheduled</em> fire time ({@code JobExecutionContext.getScheduledFireTime()}), not the
   * moment the job started. What Quartz 2.5.2 does, and how it is mapped:
   *
   * <ul>
   *   <li>Ordinary times: Quartz fires on time; returned unchanged.
   *   <li>Fall-back (a local time occurring twice): Quartz fires only the <em>second</em>
   *       occurrence ({@code 30 1 * * *}, New York, 2026-11-01: 06:30Z = 01:30 EST, never 05:30Z).
   *       It is mapped to the first occurrence (05:30Z): the run starts up to one hour (the
   *       overlap) late but is recorded as, and deduplicated by, the SPEC fire time.
   *   <li>Spring-forward (a local time in the gap): Quartz does not fire at all that day. The gap
   *       companion expression fires at the gap's end (03:00 EDT = 07:00Z for New York) and is
   *       returned unchanged when the schedule has a local time in that gap; on other days the
   *       companion's fire is dropped.
   *   <li>A day Quartz fires that a Unix day filter excludes (stepped day field ANDed with the
   *       other day field): dropped.
   * </ul>
   */
  public Optional<Instant> canonicalFireTime(Instant quartzFireTime) {
    LocalDateTime local = LocalDateTime.ofInstant(quartzFireTime, zone);
    if (localFireTimes.matches(local)) {
      return Optional.of(DstRule.fireInstant(local, zone));
    }
    return DstRule.gapEndingAt(quartzFireTime, zone)
        .filter(gap -> DstRule.firesInGap(localFireTimes, gap))
        .map(gap -> quartzFireTime);
  }

  /** An English description of the expression, from cron-utils' {@link CronDescriptor}. */
  public String describe() {
    String text = CronDescriptor.instance(Locale.ENGLISH).describe(cron);
    return eitherDay ? text + " (on a day matching either the day of month or the day of week)"
        : text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronSchedule that
        && expression.equals(that.expression) && zone.equals(that.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expression, zone);
  }

  @Override
  public String toString() {
    return expression + " in " + zone;
  }
}
