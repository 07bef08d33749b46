package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.core.IsoDurations;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads schedules and adds what an operator wants to see: state, cron in words, next fire times. */
public final class ScheduleViews {
    private static final int NEXT_FIRE_TIMES = CronCache.UPCOMING;

    private final ScheduleDao schedules;
    private final RunDao runs;
    private final ScheduleService service;
    private final CronCache crons;
    private final Clock clock;
    private final ListingWarmUp warmUp;

    public ScheduleViews(Jdbi jdbi, ScheduleService service, CronCache crons, Clock clock) {
        this.schedules = jdbi.onDemand(ScheduleDao.class);
        this.runs = jdbi.onDemand(RunDao.class);
        this.service = service;
        this.crons = crons;
        this.clock = clock;
        this.warmUp = new ListingWarmUp(schedules, crons, clock);
    }

    public List<ScheduleView> all() {
        warmUp.startOnce();
        return of(schedules.findAll(), service.isGloballyPaused(), runs.runningSchedules());
    }

    /** Starts, once, working out every cron ahead in the background, then the steps added with {@link #afterWarmUp}. */
    void warmUp() {
        warmUp.startOnce();
    }

    /** A step of the listings' warm-up, run on its thread once every cron was worked out. */
    void afterWarmUp(String done, Runnable step) {
        warmUp.then(done, step);
    }

    private List<ScheduleView> of(List<Schedule> rows, boolean paused, List<String> runningSchedules) {
        Set<String> running = new HashSet<>(runningSchedules);
        Instant now = clock.instant();
        return rows.stream().map(s -> view(s, running.contains(s.name()), paused, now)).toList();
    }

    public ScheduleView one(String name) {
        return view(require(name), runs.runningSchedules().contains(name), service.isGloballyPaused(), clock.instant());
    }

    /** The schedule; a name that is not a schedule's name at all is not looked up. */
    public Schedule require(String name) {
        RefusedException missing = RefusedException.notFound("no schedule named " + name);
        if (!isName(name)) {
            throw missing;
        }
        return schedules.find(name).orElseThrow(() -> missing);
    }

    /** Whether the text can be a schedule's name (and so be looked up in the table). */
    static boolean isName(String text) {
        return text.matches(ScheduleRequest.NAME_PATTERN);
    }

    ScheduleView view(Schedule s, boolean running, boolean clusterPaused, Instant now) {
        List<Instant> next = nextFireTimes(s, now);
        return new ScheduleView(s.name(), s.operation(), s.cron(), s.timeZone(), s.enabled(), s.dependsOn(),
                IsoDurations.format(s.maxDuration()), s.maxRetries(), IsoDurations.format(s.retryBackoff()),
                s.maxConsecutiveFailures(), IsoDurations.format(s.dependencyWindow()), s.priority(),
                s.misfirePolicy().name(), s.config(), s.notifyJson(), s.keepRuns(),
                ScheduleState.of(s, running, clusterPaused),
                next == null ? null : description(s), next == null ? List.of() : next,
                s.lastRun(), s.lastStatus(), s.consecutiveFailures(), s.suppressedAt(), s.whyBlocked(),
                s.notifyProblem(), s.version(), s.createdAt(), s.updatedAt());
    }

    /** The cron in words; null should the describer fail on an expression the parser took. */
    private String description(Schedule s) {
        try {
            return crons.describe(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The next fire times from the cache (no parsing while they hold); null when the cron does not parse. */
    private List<Instant> nextFireTimes(Schedule s, Instant now) {
        try {
            return crons.nextFireTimes(s, now, NEXT_FIRE_TIMES);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
