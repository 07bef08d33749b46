package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.ScheduleDao;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The next fire times a pass moves, written together: a pass over 100,000 schedules writes only
 * those that moved, a few thousand per statement.
 */
final class NextRuns {
    private static final int PER_WRITE = 5_000;

    private final ScheduleDao dao;
    private final CronCache crons;
    private final Instant now;
    private final List<String> names = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();

    NextRuns(ScheduleDao dao, CronCache crons, Instant now) {
        this.dao = dao;
        this.crons = crons;
        this.now = now;
    }

    /** Notes the schedule's next fire time (none when it cannot fire) if its row holds another. */
    void of(Schedule schedule) {
        Instant next = ScheduleReconciler.fires(schedule) ? crons.nextFireTime(schedule, now) : null;
        if (Objects.equals(next, schedule.nextRun())) {
            return;
        }
        names.add(schedule.name());
        times.add(next == null ? null : next.toEpochMilli());
        if (names.size() == PER_WRITE) {
            write(); // while the adder stores a batch, rather than all at the end
        }
    }

    void write() {
        if (!names.isEmpty()) {
            dao.setNextRuns(names.toArray(String[]::new), times.toArray(Long[]::new));
            names.clear();
            times.clear();
        }
    }
}
