package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Compares this node's clock with the database's, which the cluster's check-ins and fences go by.
 * Quartz fires and finds misfires by the node's own clock: a node ahead fires early and takes due
 * fires for misfired, one behind fires late. Off by more than the limit while most of its live
 * peers agree with the database, the node stops firing ({@link FiringSwitch.Hold#CLOCK_OFF}) until
 * its clock is back; alone, or with most peers off too, it only reports it (the database's clock
 * may be the wrong one).
 */
public final class ClockWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClockWatch.class);
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final String DATABASE_NOW = "SELECT " + SchedulerStateDao.NOW_MILLIS;
    static final String RECORD_AND_READ_PEERS = "WITH mine AS (UPDATE orchestrator.node_incarnations"
            + " SET clock_offset_ms = :offset, clock_checked_at = clock_timestamp() WHERE incarnation = :incarnation)"
            + " SELECT clock_offset_ms FROM orchestrator.node_incarnations n WHERE fenced_at IS NULL"
            + " AND incarnation <> :incarnation AND clock_offset_ms IS NOT NULL"
            + " AND clock_checked_at > clock_timestamp() - :freshMs * INTERVAL '1 millisecond'"
            + " AND " + AdvisoryLocks.LIVENESS_HELD;

    private final Jdbi jdbi;
    private final NodeIdentity identity;
    private final Clock clock;
    private final long limitMillis;
    private final FiringSwitch firing;
    private final LoopProgress progress;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-clock-watch"));
    private volatile ClockReading last;

    ClockWatch(Jdbi jdbi, NodeIdentity identity, Clock clock, long limitMillis, FiringSwitch firing,
               LoopProgress progress) {
        this.jdbi = jdbi;
        this.identity = identity;
        this.clock = clock;
        this.limitMillis = limitMillis;
        this.firing = firing;
        this.progress = progress;
    }

    /** Compares once now (a node whose clock is off never starts firing), then every {@link #PERIOD}. */
    void start() {
        tick();
        thread.scheduleWithFixedDelay(this::tick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * {@code clock} moved onto the database's while this node stands down: the triggers it schedules
     * (a manual run, an edited cron's first fire time) are fired by peers in step with the database.
     */
    public Clock clusterClock(Clock clock) {
        return new ShiftedClock(clock, () -> {
            ClockReading reading = last;
            return reading != null && reading.standingDown() ? reading.offsetMillis() : 0;
        });
    }

    /** The latest comparison; empty before the first. */
    public Optional<ClockReading> last() {
        return Optional.ofNullable(last);
    }

    private void tick() {
        try {
            read().ifPresent(reading -> {
                ClockReading before = last;
                last = reading;
                follow(before, reading);
            });
            progress.beat();
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not compare its clock with the database's: {}", identity.nodeId(), e.getMessage());
        }
    }

    /** Empty when the round trip took too long to tell an offset within the limit. */
    private Optional<ClockReading> read() {
        return jdbi.withHandle(handle -> {
            long before = clock.millis();
            long database = handle.createQuery(DATABASE_NOW).mapTo(Long.class).one();
            long roundTrip = clock.millis() - before;
            if (roundTrip > limitMillis / 2) {
                return Optional.empty();
            }
            long offset = before + roundTrip / 2 - database;
            List<Long> peers = handle.createQuery(RECORD_AND_READ_PEERS).bind("offset", offset)
                    .bind("incarnation", identity.incarnation()).bind("freshMs", 3 * PERIOD.toMillis())
                    .mapTo(Long.class).list();
            return Optional.of(ClockReading.judge(offset, roundTrip, peers, limitMillis));
        });
    }

    private void follow(ClockReading before, ClockReading now) {
        if (now.standingDown() && !firing.isHeld(FiringSwitch.Hold.CLOCK_OFF)) {
            LOG.error("Node {} stops firing: {}", identity.nodeId(), now.describe());
            firing.hold(FiringSwitch.Hold.CLOCK_OFF);
        } else if (!now.standingDown() && firing.isHeld(FiringSwitch.Hold.CLOCK_OFF)) {
            LOG.warn("Node {} fires again: {}", identity.nodeId(), now.describe());
            firing.release(FiringSwitch.Hold.CLOCK_OFF);
        } else if (now.isOff() && (before == null || !before.isOff())) {
            LOG.warn("Node {}: {}", identity.nodeId(), now.describe());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
