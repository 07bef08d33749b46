package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Attempts claimed inside the transaction that fires them, on the real PostgreSQL. */
class FireClaimsIT {
    private static final Instant FIRE = Instant.parse("2026-11-25T12:00:10Z");
    private final TestDatabase db = TestDatabase.get();
    private final FireClaims claims = new FireClaims(
            new NodeIdentity("node-claims", db.registerIncarnation("node-claims")), new CronCache(),
            Clock.fixed(FIRE.plusMillis(3), ZoneOffset.UTC), new HeldAttempts());

    @BeforeEach
    void schedules() {
        db.resetOrchestrator();
        schedule(db, "every_ten_seconds").cron("*/10 * * * * ?").operation("noop", "{}").insert();
        schedule(db, "also_every_ten").cron("*/10 * * * * ?").operation("noop", "{}").insert();
    }

    @Test
    void theClaimsCommitWithTheFireAndEachFireTakesItsOwnOnce() throws Exception {
        try (Connection conn = db.dataSource().getConnection()) {
            conn.setAutoCommit(false);
            claims.claimInFire(conn, List.of(fire("every_ten_seconds", FIRE, "f1"), fire("also_every_ten", FIRE, "f2")));
            assertThat(runs(db, "every_ten_seconds")).as("not visible before the fire commits").isEmpty();
            conn.commit();
        }

        List<RunRow> rows = runs(db, "every_ten_seconds");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("RUNNING");
            assertThat(r.kind()).isEqualTo("CRON");
            assertThat(r.attempt()).isEqualTo(1);
            assertThat(r.fireTime()).isEqualTo(FIRE);
            assertThat(r.node()).isEqualTo("node-claims");
        });
        FireClaims.Claim claim = claims.take("f1").orElseThrow();
        assertThat(claim.runId()).isEqualTo(rows.get(0).id());
        assertThat(claim.request().scheduledFireTime()).isEqualTo(FIRE);
        assertThat(claim.schedule().operation()).isEqualTo("noop");
        assertThat(claims.take("f1")).as("taken once").isEmpty();
        assertThat(claims.take("f2")).isPresent();
    }

    @Test
    void claimsRolledBackWithTheirFireLeaveNoRow() throws Exception {
        try (Connection conn = db.dataSource().getConnection()) {
            conn.setAutoCommit(false);
            claims.claimInFire(conn, List.of(fire("every_ten_seconds", FIRE, "f1")));
            conn.rollback();
        }

        assertThat(runs(db, "every_ten_seconds")).isEmpty();
    }

    @Test
    void aFireWhoseAttemptIsClaimedAlreadyOrWhoseScheduleRunsGetsNoClaimAndTakesTheOrdinaryPath() throws Exception {
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, status, attempt, node_id) VALUES ('also_every_ten', 'noop', 'CRON',"
                + " '2026-11-25T12:00:00Z', '2026-11-25T12:00:00Z', 'RUNNING', 1, 'other-node')");
        claimCommitted(fire("every_ten_seconds", FIRE, "first"));

        claimCommitted(fire("every_ten_seconds", FIRE, "again"), fire("also_every_ten", FIRE, "overlapping"));

        assertThat(claims.take("first")).isPresent();
        assertThat(claims.take("again")).as("the same attempt, claimed by the first fire").isEmpty();
        assertThat(claims.take("overlapping")).as("another attempt of the schedule runs").isEmpty();
        assertThat(runs(db, "every_ten_seconds")).hasSize(1);
        assertThat(runs(db, "also_every_ten")).hasSize(1);
    }

    @Test
    void aFireQuartzMadeLateIsClaimedForTheCronFireTimeItStandsFor() throws Exception {
        Instant misfireHandledAt = FIRE.plusMillis(3_456); // "fire once now" after a misfire

        claimCommitted(fire("every_ten_seconds", misfireHandledAt, "late"));

        assertThat(claims.take("late").orElseThrow().request().scheduledFireTime()).isEqualTo(FIRE);
        assertThat(runs(db, "every_ten_seconds")).extracting(RunRow::fireTime).containsExactly(FIRE);
    }

    @Test
    void aFireOfAScheduleDeletedMeanwhileGetsNoClaim() throws Exception {
        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'every_ten_seconds'");

        claimCommitted(fire("every_ten_seconds", FIRE, "gone"));

        assertThat(claims.take("gone")).isEmpty();
        assertThat(runs(db, "every_ten_seconds")).isEmpty();
    }

    @Test
    void aClaimWhoseFireNeverRanIsEndedAndNoLongerHoldsTheSchedule() throws Exception {
        claimCommitted(fire("every_ten_seconds", FIRE, "refused"));
        FireClaims.Claim unused = claims.take("refused").orElseThrow();

        try (Connection conn = db.dataSource().getConnection()) {
            claims.release(conn, unused);
        }
        claimCommitted(fire("every_ten_seconds", FIRE.plusSeconds(10), "next"));

        assertThat(runs(db, "every_ten_seconds")).extracting(RunRow::status).containsExactly("INTERRUPTED", "RUNNING");
        assertThat(runs(db, "every_ten_seconds").get(0).error()).isEqualTo("node node-claims could not start the attempt");
        assertThat(claims.take("next")).isPresent();
    }

    private void claimCommitted(FireClaims.CronFire... fires) throws Exception {
        try (Connection conn = db.dataSource().getConnection()) {
            conn.setAutoCommit(false);
            claims.claimInFire(conn, List.of(fires));
            conn.commit();
        }
    }

    private static FireClaims.CronFire fire(String schedule, Instant quartzFireTime, String fireInstanceId) {
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(QuartzKeys.cronTrigger(schedule, 0))
                .forJob(QuartzKeys.job(schedule))
                .withSchedule(CronScheduleBuilder.cronSchedule("*/10 * * * * ?").inTimeZone(TimeZone.getTimeZone("UTC")))
                .build();
        return new FireClaims.CronFire(schedule, trigger, quartzFireTime, fireInstanceId);
    }
}
