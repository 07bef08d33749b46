package org.guardian.orchestrator.core.cron;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;

/**
 * A cron schedule evaluated in an IANA time zone (immutable but for a memo of one answer): five fields are Unix (Vixie) cron with
 * names, ranges, steps, lists and {@code @daily}-style macros; six or seven are Quartz cron. The day
 * and DST rules are those of the README's Cron section: with both Unix day fields restricted a day
 * matching either fires, a local time in a spring-forward gap fires when the gap ends, and one that
 * occurs twice fires once, at its first occurrence.
 */
public final class CronSchedule {
  private static final int SEARCH_YEARS = 100;
  /** The IANA ids this JVM knows (ZoneId builds a new set on each call). */
  private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

  private final String expression;
  private final ZoneId zone;
  private final boolean unixSyntax;
  private final Cron cron;
  private final LocalFireTimes localFireTimes;
  private final List<String> quartzExpressions;
  private final List<QuartzCron> quartzTriggers;
  private final boolean eitherDay;
  /**
   * The last answer of {@link #canonicalFireTime}: schedules of one expression fire at the same
   * instants, and Quartz's evaluation allocates about 12 kB per call.
   */
  private volatile Canonical lastCanonical;

  private record Canonical(Instant quartzFireTime, Optional<Instant> fireTime) {
  }

  private CronSchedule(String expression, ZoneId zone, boolean unixSyntax, Cron cron,
      CronTranslation translation, LocalFireTimes localFireTimes) {
    this.expression = expression;
    this.zone = zone;
    this.unixSyntax = unixSyntax;
    this.cron = cron;
    this.localFireTimes = localFireTimes;
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
      CronTranslation translation = UnixCronTranslator.translate(fields);
      return new CronSchedule(expression.trim(), zone, true, cron, translation,
          new LocalFireTimes(translation));
    }
    CronFieldParser.QuartzFields parsed = CronFieldParser.parseQuartz(fields);
    CronTranslation translation =
        new CronTranslation(List.of(String.join(" ", fields)), DayFilter.ALL);
    return new CronSchedule(expression.trim(), zone, false, parsed.cron(), translation,
        new LocalFireTimes(parsed.expression()));
  }

  private static ZoneId ianaZone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      throw new InvalidCronException("timeZone", "time zone is empty; use an IANA id such as "
          + "America/New_York");
    }
    if (!ZONE_IDS.contains(timeZone)
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

  /** Whether {@code expression} is written in Unix syntax (5 fields or a macro), without parsing it. */
  public static boolean isUnixSyntax(String expression) {
    return CronText.isUnix(CronText.fields(expression));
  }

  /** True for 5-field Unix cron and macros, false for Quartz cron. */
  public boolean unixSyntax() {
    return unixSyntax;
  }

  /**
   * Quartz cron expressions which, each run by a {@code CronTrigger} in {@link #zone()}, fire at least
   * at every fire time of this schedule; pass every Quartz fire time through {@link #canonicalFireTime}
   * and run what it returns, once per distinct instant. Usually one; two when both Unix day fields are
   * restricted (either fires), plus gap and overlap companions for DST. A Unix cron that ANDs a stepped
   * day field ({@code 0 0 *&#47;2 * 1}) gets a superset that {@link #canonicalFireTime} narrows.
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
   * The fire time of this schedule that a fire of one of {@link #quartzExpressions()} at Quartz's
   * <em>scheduled</em> fire time {@code quartzFireTime} stands for, or empty when it stands for none
   * (drop it). Ordinary times map to themselves; Quartz 2.5.2 fires a repeated fall-back time only at
   * its second occurrence, which maps to the first (the run starts up to the overlap late but is
   * recorded and deduplicated as the first); a gap companion's fire stands for the gap's end only on a
   * day the schedule has a local time in that gap; a day a Unix day filter excludes is dropped.
   */
  public Optional<Instant> canonicalFireTime(Instant quartzFireTime) {
    Canonical last = lastCanonical;
    if (last != null && last.quartzFireTime().equals(quartzFireTime)) {
      return last.fireTime();
    }
    Optional<Instant> fireTime = resolveCanonical(quartzFireTime);
    lastCanonical = new Canonical(quartzFireTime, fireTime);
    return fireTime;
  }

  private Optional<Instant> resolveCanonical(Instant quartzFireTime) {
    LocalDateTime local = LocalDateTime.ofInstant(quartzFireTime, zone);
    if (localFireTimes.matches(local)) {
      return Optional.of(DstRule.fireInstant(local, zone));
    }
    return DstRule.gapEndingAt(quartzFireTime, zone)
        .filter(gap -> DstRule.firesInGap(localFireTimes, gap))
        .map(gap -> quartzFireTime);
  }

  /** An English description of the expression, from cron-utils' {@link CronDescriptor}, reworded. */
  public String describe() {
    String text = CronEnglish.reword(CronDescriptor.instance(Locale.ENGLISH).describe(cron));
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
