package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.store.LivenessJobStore;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.RunTransitions;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.scheduler.store.FireHook;
import org.guardian.orchestrator.db.ScheduleMapper;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims the attempts of a batch of cron fires inside the transaction that fires them
 * ({@link LivenessJobStore#triggersFired}), so that an attempt costs no claim statement and no
 * commit of its own: the {@code job_runs} rows are inserted with one statement per batch, after
 * the schedules are read with one more, and commit or roll back with the fire. The worker that runs
 * a fire then takes its claim ({@link #take}) instead of loading the schedule and claiming.
 *
 * <p>The claim is the same one {@link AttemptRunner} makes (a RUNNING row of attempt 1, ON CONFLICT
 * DO NOTHING on the unique indexes), for the fire time {@link FireResolver} resolves. A fire whose
 * claim finds its attempt claimed already, or another attempt of its schedule running, gets no
 * claim here and takes the ordinary path, which decides what an overlapping fire does. Should this
 * node die between the fire and the attempt, the RUNNING row and the fired-trigger row are what
 * recovery finds for any other attempt that died with its node.
 *
 * <p>One instance per node, shared by its store and its jobs.
 */
public final class FireClaims implements FireHook {
    private static final Logger LOG = LoggerFactory.getLogger(FireClaims.class);
    private static final ScheduleMapper SCHEDULES = new ScheduleMapper();
    /** A claim whose fire never reached a worker (its transaction failed after this ran) is forgotten after this. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    static final String READ_SCHEDULES = "SELECT * FROM orchestrator.maintenance_schedules"
            + " WHERE operation_name = ANY(?::text[])";
    static final String CLAIM = "INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind,"
            + " scheduled_fire_time, started_at, status, attempt, node_id, incarnation)"
            + " SELECT U.SCHEDULE, U.OPERATION, 'CRON', " + RunDao.ms("U.FIRE_MS") + ","
            + " ?, 'RUNNING', 1, ?, ?"
            + " FROM unnest(?::text[], ?::text[], ?::bigint[]) AS U(SCHEDULE, OPERATION, FIRE_MS)"
            + " ON CONFLICT DO NOTHING"
            + " RETURNING id, schedule_name, (EXTRACT(EPOCH FROM scheduled_fire_time) * 1000)::bigint";

    /** An attempt claimed with its fire. */
    record Claim(Schedule schedule, FireRequest request, long runId, Instant claimedAt) {
    }

    private final NodeIdentity identity;
    private final HeldAttempts held;
    private final String nodeId;
    private final CronCache crons;
    private final Clock clock;
    private final Map<String, Claim> claimed = new ConcurrentHashMap<>();

    public FireClaims(NodeIdentity identity, CronCache crons, Clock clock, HeldAttempts held) {
        this.identity = identity;
        this.held = held;
        this.nodeId = identity.nodeId();
        this.crons = crons;
        this.clock = clock;
    }

    /** The claim made with this fire, if any; forgets it. */
    Optional<Claim> take(String fireInstanceId) {
        return fireInstanceId == null ? Optional.empty() : Optional.ofNullable(claimed.remove(fireInstanceId));
    }

    /**
     * Claims the attempts of these fires on the fire's connection (two statements). Call inside
     * a savepoint: a failure here must not fail the fire, whose attempts then claim as usual.
     */
    @Override
    public void claimInFire(Connection conn, List<CronFire> fires) throws SQLException {
        if (fires.isEmpty()) {
            return;
        }
        Map<String, Schedule> schedules = readSchedules(conn, fires);
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (CronFire fire : fires) {
            Schedule schedule = schedules.get(fire.schedule());
            if (schedule == null || schedule.defect() != null) {
                continue; // a defective row: the ordinary path reports it
            }
            Optional<FireRequest> request;
            try {
                request = FireResolver.resolveCron(fire.schedule(), fire.trigger(), fire.quartzFireTime(),
                        crons.get(schedule));
            } catch (RuntimeException e) {
                continue; // an unparseable cron: the ordinary path reports it
            }
            if (request.isEmpty()) {
                continue;
            }
            pending.putIfAbsent(key(fire.schedule(), request.get().scheduledFireTime()),
                    new Pending(schedule, request.get(), fire.fireInstanceId()));
        }
        if (pending.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String[] names = new String[pending.size()];
        String[] operations = new String[pending.size()];
        Long[] fireTimes = new Long[pending.size()];
        int i = 0;
        for (Pending p : pending.values()) {
            names[i] = p.schedule().name();
            operations[i] = p.schedule().operation();
            fireTimes[i] = p.request().scheduledFireTime().toEpochMilli();
            i++;
        }
        try (PreparedStatement ps = conn.prepareStatement(CLAIM)) {
            ps.setObject(1, now.atOffset(ZoneOffset.UTC));
            ps.setString(2, nodeId);
            ps.setLong(3, identity.incarnation());
            ps.setArray(4, conn.createArrayOf("text", names));
            ps.setArray(5, conn.createArrayOf("text", operations));
            ps.setArray(6, conn.createArrayOf("bigint", fireTimes));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Pending p = pending.get(key(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                    if (p != null) {
                        claimed.put(p.fireInstanceId(), new Claim(p.schedule(), p.request(), rs.getLong(1), now));
                        held.hold(rs.getLong(1));
                    }
                }
            }
        }
        forgetStale(now);
    }

    static final String RELEASE = "UPDATE orchestrator.job_runs SET status = ?, finished_at = ?,"
            + " duration_ms = 0, error = ? WHERE id = ? AND status = 'RUNNING'";

    /**
     * Ends the run of a claim whose fire Quartz completed without running it (its worker pool
     * refused it, or the job could not be created): the RUNNING row would otherwise keep every
     * later attempt of the schedule from starting.
     */
    @Override
    public Optional<Unused> takeUnused(String fireInstanceId) {
        return take(fireInstanceId).map(claim -> conn -> release(conn, claim));
    }

    void release(Connection conn, Claim claim) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(RELEASE)) {
            ps.setString(1, RunTransitions.end(RunStatus.INTERRUPTED).name());
            ps.setObject(2, clock.instant().atOffset(ZoneOffset.UTC));
            ps.setString(3, "node " + nodeId + " could not start the attempt");
            ps.setLong(4, claim.runId());
            ps.executeUpdate();
        }
        held.release(claim.runId());
        LOG.warn("{}: the attempt claimed with its fire at {} never started on {}; recorded INTERRUPTED",
                claim.schedule().name(), claim.request().scheduledFireTime(), nodeId);
    }

    private static Map<String, Schedule> readSchedules(Connection conn, List<CronFire> fires) throws SQLException {
        Map<String, Schedule> schedules = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(READ_SCHEDULES)) {
            ps.setArray(1, conn.createArrayOf("text", fires.stream().map(CronFire::schedule).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Schedule schedule = SCHEDULES.map(rs, null);
                    schedules.put(schedule.name(), schedule);
                }
            }
        }
        return schedules;
    }

    private void forgetStale(Instant now) {
        if (claimed.size() < 10_000) {
            return;
        }
        Instant cutoff = now.minus(FORGET_AFTER);
        int before = claimed.size();
        claimed.values().removeIf(c -> {
            boolean stale = c.claimedAt().isBefore(cutoff);
            if (stale) {
                held.release(c.runId());
            }
            return stale;
        });
        LOG.warn("Forgot {} claims whose fires never reached a worker", before - claimed.size());
    }

    private static String key(String schedule, Instant fireTime) {
        return schedule + "|" + fireTime.toEpochMilli();
    }

    private record Pending(Schedule schedule, FireRequest request, String fireInstanceId) {
    }
}
