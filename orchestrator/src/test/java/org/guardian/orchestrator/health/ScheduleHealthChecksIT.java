package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck.Result;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.testing.BadRows;
import org.guardian.orchestrator.testing.ManySchedules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule health checks at scale: thousands of schedules written by SQL, counted in SQL with
 * the verdicts of reading every row, and messages that name 20 schedules (by name) and count the rest.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScheduleHealthChecksIT {
    private static final int SCHEDULES = 3_000;

    @Test
    void blockedSchedulesAreCountedAsTheRowsReadAndTwentyAreNamedWithTheirReason() {
        ManySchedules db = ManySchedules.in("health_blocked", SCHEDULES);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        long total = dao.count();
        assertThat(new DagHealthCheck(dao).execute().getMessage()).isEqualTo(total + " schedules, none blocked");
        BadRows.ALL.forEach(row -> BadRows.insert(db::execute, row));
        db.everyNth(100, 7, "UPDATE orchestrator.maintenance_schedules SET blocked_reason = 'depends on unknown schedule x'");
        List<Schedule> blocked = dao.findAll().stream().filter(Schedule::blocked).toList();
        assertThat(blocked).hasSize(5 + SCHEDULES / 100);

        Result result = new DagHealthCheck(dao).execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo(blocked.size() + " schedule(s) BLOCKED and not running: "
                + named(blocked, s -> s.name() + " (" + s.whyBlocked() + ")") + "; and " + (blocked.size() - 20) + " more");
        assertThat(result.getMessage()).contains(": array_config (unreadable row: operation_config is not a JSON object");
    }

    @Test
    void suppressedSchedulesAreCountedAndTwentyNamedWhileTheCheckStaysHealthy() {
        ManySchedules db = ManySchedules.in("health_suppressed", SCHEDULES);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        assertThat(new SuppressedSchedulesHealthCheck(dao).execute().getMessage()).isEqualTo("no schedule suppressed");
        db.everyNth(50, 3, "UPDATE orchestrator.maintenance_schedules SET suppressed_at = now(), consecutive_failures = 3");
        List<Schedule> suppressed = dao.findAll().stream().filter(Schedule::suppressed).toList();

        Result result = new SuppressedSchedulesHealthCheck(dao).execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo(SCHEDULES / 50 + " schedule(s) SUPPRESSED (POST /api/schedules/{name}/reset"
                + " to resume): " + named(suppressed, s -> s.name() + " (since " + s.suppressedAt() + ", 3 consecutive failures)")
                + "; and " + (SCHEDULES / 50 - 20) + " more");
        assertThat(result.getDetails()).containsEntry("suppressedCount", (long) SCHEDULES / 50)
                .containsEntry("suppressed", suppressed.stream().limit(20).map(Schedule::name).toList());
    }

    @Test
    void unusableNotifyValuesAreCheckedOnceEachAndEverySchedulePickedIsCounted() {
        ManySchedules db = ManySchedules.in("health_notify", SCHEDULES);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        db.everyNth(10, 1, "UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"FAILED\"]}'");
        assertThat(new NotifyHealthCheck(dao).execute().isHealthy()).isTrue();
        db.everyNth(100, 2, "UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"NOPE\"]}'");
        db.everyNth(100, 5, "UPDATE orchestrator.maintenance_schedules SET notify = '[1]'");
        List<Schedule> bad = dao.findAll().stream().filter(s -> s.notifyProblem() != null).toList();
        assertThat(bad).hasSize(2 * SCHEDULES / 100);

        Result result = new NotifyHealthCheck(dao).execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo(bad.size() + " schedule(s) with a notify that cannot be used: "
                + named(bad, s -> s.name() + " (" + s.notifyProblem() + ")") + "; and " + (bad.size() - 20) + " more");
    }

    @Test
    void aFewProblemsAreAllNamedWithoutACount() {
        ManySchedules db = ManySchedules.in("health_few", 30);
        ScheduleDao dao = db.jdbi().onDemand(ScheduleDao.class);
        db.everyNth(10, 4, "UPDATE orchestrator.maintenance_schedules SET blocked_reason = 'cron: invalid'");
        assertThat(new DagHealthCheck(dao).execute().getMessage()).isEqualTo("3 schedule(s) BLOCKED and not running:"
                + " many_00004 (cron: invalid); many_00014 (cron: invalid); many_00024 (cron: invalid)");
    }

    /** The first 20 by bytewise name, as the message lists them. */
    private static String named(List<Schedule> schedules, Function<Schedule, String> text) {
        return String.join("; ", schedules.stream().sorted(Comparator.comparing(Schedule::name)).limit(20)
                .map(text).toList());
    }
}
