package org.guardian.orchestrator.core.cron;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.guardian.orchestrator.core.Schedule;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Parsed cron schedules by (expression, zone), and what listings show of them: parsing costs about
 * 0.1 ms, the description 30 us, five fire times 25 us, and schedules rarely change.
 * Parsed schedules are large (Quartz's expressions hold a set of every year to come: about 9 kB
 * each), so few are kept; descriptions and fire times are small and kept for every schedule of a
 * large table (100,000 distinct expressions: about 50 MB).
 */
public final class CronCache {
    /** Parsed schedules kept (the least used go first). */
    public static final int PARSED_MAX = 1_000;
    /** Fire times kept per expression: as many as a listing shows. */
    public static final int UPCOMING = 5;
    /** Descriptions and next fire times kept, each. */
    public static final int LISTED_MAX = 250_000;

    private final BiFunction<String, String, CronSchedule> parser;
    private final Cache<Key, CronSchedule> parsed;
    private final Cache<Key, String> descriptions;
    private final Cache<Key, Upcoming> upcoming;
    private final Cache<Key, List<QuartzCron>> quartzForms;

    public CronCache() {
        this(CronSchedule::parse, PARSED_MAX, LISTED_MAX);
    }

    /** With {@code parser} (expression, zone) in place of {@link CronSchedule#parse}, and these bounds. */
    public CronCache(BiFunction<String, String, CronSchedule> parser, int parsedMax, int listedMax) {
        this.parser = parser;
        this.parsed = Caffeine.newBuilder().maximumSize(parsedMax).executor(Runnable::run).build();
        this.descriptions = Caffeine.newBuilder().maximumSize(listedMax).executor(Runnable::run).build();
        this.upcoming = Caffeine.newBuilder().maximumSize(listedMax).executor(Runnable::run).build();
        this.quartzForms = Caffeine.newBuilder().maximumSize(listedMax).executor(Runnable::run).build();
    }

    public CronSchedule get(Schedule schedule) {
        return get(schedule.cron(), schedule.timeZone());
    }

    /** @throws org.guardian.orchestrator.core.cron.InvalidCronException when it does not parse */
    public CronSchedule get(String cron, String timeZone) {
        return parsed.get(new Key(cron, timeZone), k -> parser.apply(cron, timeZone));
    }

    /** The cron in words (computed once per expression and zone). */
    public String describe(Schedule schedule) {
        return describe(schedule.cron(), schedule.timeZone());
    }

    /** @throws org.guardian.orchestrator.core.cron.InvalidCronException when it does not parse */
    public String describe(String cron, String timeZone) {
        return descriptions.get(new Key(cron, timeZone), k -> get(cron, timeZone).describe());
    }

    /**
     * The next {@code count} fire times after {@code now}. Those searched are kept per expression
     * and zone, and stay right as long as the first is still ahead: the reconciler's and the
     * outcomes' next runs (one), and listings (five, once {@link #warm}ed), cost no cron math meanwhile.
     */
    public List<Instant> nextFireTimes(Schedule schedule, Instant now, int count) {
        return nextFireTimes(schedule.cron(), schedule.timeZone(), now, count);
    }

    private List<Instant> nextFireTimes(String cron, String timeZone, Instant now, int count) {
        if (count > UPCOMING) {
            return List.copyOf(get(cron, timeZone).nextFireTimes(now, count));
        }
        Key key = new Key(cron, timeZone);
        Upcoming cached = upcoming.getIfPresent(key);
        if (cached == null || !cached.serves(now, count)) {
            int searched = Math.max(count, cached == null ? 0 : cached.searched());
            cached = new Upcoming(List.copyOf(get(cron, timeZone).nextFireTimes(now, searched)), searched);
            upcoming.put(key, cached);
        }
        return cached.times().subList(0, Math.min(count, cached.times().size()));
    }

    /**
     * Works out with one parse what a listing shows of a cron (its words and {@link #UPCOMING} fire
     * times) and the Quartz triggers a reconciliation pass checks.
     */
    public void warm(String cron, String timeZone, Instant now) {
        describe(cron, timeZone);
        nextFireTimes(cron, timeZone, now, UPCOMING);
        quartzTriggers(cron, timeZone);
    }

    /** The Quartz triggers the schedule needs ({@link CronSchedule#quartzTriggers()}), kept as long as fire times. */
    public List<QuartzCron> quartzTriggers(Schedule schedule) {
        return quartzTriggers(schedule.cron(), schedule.timeZone());
    }

    private List<QuartzCron> quartzTriggers(String cron, String timeZone) {
        return quartzForms.get(new Key(cron, timeZone), k -> get(cron, timeZone).quartzTriggers());
    }

    /** The next fire time after {@code after}, or null for an unparseable or exhausted cron. */
    public Instant nextFireTime(Schedule schedule, Instant after) {
        try {
            List<Instant> next = nextFireTimes(schedule, after, 1);
            return next.isEmpty() ? null : next.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** An expression and its zone (a record: no text built and hashed on every look-up). */
    private record Key(String cron, String timeZone) {
    }

    /** The first {@code searched} fire times found after some instant (fewer when the cron has no more). */
    private record Upcoming(List<Instant> times, int searched) {
        /** Right for {@code count} at {@code now}: the first is ahead, and enough were searched or there are no more. */
        boolean serves(Instant now, int count) {
            return !times.isEmpty() && times.get(0).isAfter(now) && (count <= searched || times.size() < searched);
        }
    }
}
