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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * ({@link LivenessJobStore#triggersFired}), with two statements per batch that commit or roll back
 * with the fire; the worker then takes its claim ({@link #take}). It is the claim
 * {@link AttemptRunner} makes, for the fire time {@link FireResolver} resolves; a fire that finds its
 * attempt claimed or its schedule running gets none here and takes the ordinary path. One per node.
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
        Map<String, Pending> pending = pending(fires, readSchedules(conn, fires));
        if (pending.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        insertClaims(conn, pending, now);
        forgetStale(now);
    }

    /** The attempts to claim, one per schedule and fire time, for the fires whose schedule reads and resolves. */
    private Map<String, Pending> pending(List<CronFire> fires, Map<String, Schedule> schedules) {
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
            request.ifPresent(r -> pending.putIfAbsent(key(fire.schedule(), r.scheduledFireTime()),
                    new Pending(schedule, r, fire.fireInstanceId())));
        }
        return pending;
    }

    /** Inserts the RUNNING rows in one statement; each row inserted is a claim, held from now on. */
    private void insertClaims(Connection conn, Map<String, Pending> pending, Instant now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(CLAIM)) {
            bindClaims(conn, ps, pending, now);
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
    }

    private void bindClaims(Connection conn, PreparedStatement ps, Map<String, Pending> pending, Instant now)
            throws SQLException {
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
        ps.setObject(1, now.atOffset(ZoneOffset.UTC));
        ps.setString(2, nodeId);
        ps.setLong(3, identity.incarnation());
        ps.setArray(4, conn.createArrayOf("text", names));
        ps.setArray(5, conn.createArrayOf("text", operations));
        ps.setArray(6, conn.createArrayOf("bigint", fireTimes));
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
