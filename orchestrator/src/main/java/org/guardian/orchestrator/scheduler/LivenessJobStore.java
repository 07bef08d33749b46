package org.guardian.orchestrator.scheduler;

import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.quartz.Trigger;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Quartz's clustered JDBC store with fast and exact failure detection.
 *
 * <p>Stock Quartz declares a node dead when its last check-in is older than the check-in
 * interval plus a fixed 7.5 s grace: slow to fail over, and wrong when a live node's check-in
 * stalls (it then runs the live node's jobs a second time). Here each node also holds a
 * PostgreSQL advisory lock on its own session ({@link NodeLiveness}). A peer is dead only when
 * its lock is free <em>and</em> its check-in is older than one interval plus {@link #DEAD_GRACE};
 * a peer whose lock is held is alive however late its check-in. Right after a database restart
 * (every lock freed at once, every check-in late) nobody is declared dead until the live nodes had
 * time to take their locks again (three check-in intervals plus 7.5 s); a node that died during
 * the outage is recovered after that.
 */
public class LivenessJobStore extends JobStoreTX {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessJobStore.class);
    static final long DEAD_GRACE_MS = 500;
    private static final long STOCK_GRACE_MS = 7_500;

    private String livenessUrl;
    private String livenessUser;
    private String livenessPassword;
    private NodeLiveness liveness;
    private volatile NodeLiveness.Snapshot snapshot;

    public void setLivenessUrl(String livenessUrl) {
        this.livenessUrl = livenessUrl;
    }

    public void setLivenessUser(String livenessUser) {
        this.livenessUser = livenessUser;
    }

    public void setLivenessPassword(String livenessPassword) {
        this.livenessPassword = livenessPassword;
    }

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        super.initialize(loadHelper, signaler);
        liveness = new NodeLiveness(livenessUrl, livenessUser, livenessPassword == null ? "" : livenessPassword,
                getInstanceId());
        try {
            liveness.ensureHeld();
        } catch (SQLException e) {
            throw new SchedulerConfigException("Cannot take the liveness lock of node " + getInstanceId(), e);
        }
    }

    @Override
    public void shutdown() {
        super.shutdown();
        if (liveness != null) {
            liveness.close();
        }
    }

    /**
     * Completing a fire that changes no trigger state (a cron trigger that fires again, of a job
     * that neither blocks its other triggers nor stores job data) only deletes this fire's own
     * {@code qrtz_fired_triggers} row: do that without the cluster-wide {@code TRIGGER_ACCESS} row
     * lock that stock Quartz takes for every completion, the main cost of a clustered execution.
     * Every other completion goes through Quartz unchanged.
     */
    @Override
    public void triggeredJobComplete(OperableTrigger trigger, JobDetail jobDetail,
                                     Trigger.CompletedExecutionInstruction instruction) {
        boolean onlyDeletesItsFiredRow = instruction == Trigger.CompletedExecutionInstruction.NOOP
                && !jobDetail.isConcurrentExecutionDisallowed() && !jobDetail.isPersistJobDataAfterExecution();
        if (!onlyDeletesItsFiredRow) {
            super.triggeredJobComplete(trigger, jobDetail, instruction);
            return;
        }
        retryExecuteInNonManagedTXLock(null, conn -> {
            try {
                getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId());
            } catch (SQLException e) {
                throw new JobPersistenceException("Couldn't delete fired trigger: " + e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    protected List<SchedulerStateRecord> findFailedInstances(Connection conn) throws JobPersistenceException {
        try {
            liveness.ensureHeld();
            snapshot = NodeLiveness.snapshot(conn);
        } catch (SQLException e) {
            LOG.warn("Liveness check failed, falling back to check-in times: {}", e.getMessage());
            snapshot = null;
        }
        return super.findFailedInstances(conn);
    }

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        NodeLiveness.Snapshot current = snapshot;
        long stock = stockFailedIfAfter(rec);
        if (current == null || rec.getSchedulerInstanceId().equals(getInstanceId())) {
            return super.calcFailedIfAfter(rec);
        }
        if (current.holds(rec.getSchedulerInstanceId())) {
            return Long.MAX_VALUE;
        }
        if (restartedRecently(current, rec)) {
            // every lock was freed by the restart and nobody could check in during the outage:
            // neither says anything about who is alive, so nobody is declared dead until the
            // live nodes have had time to take their locks again
            return Long.MAX_VALUE;
        }
        return rec.getCheckinTimestamp() + rec.getCheckinInterval() + DEAD_GRACE_MS;
    }

    private long stockFailedIfAfter(SchedulerStateRecord rec) {
        return rec.getCheckinTimestamp() + Math.max(rec.getCheckinInterval(), getClusterCheckinInterval())
                + STOCK_GRACE_MS;
    }

    /** Until every live node had a chance to retake its lock after a database restart. */
    private boolean restartedRecently(NodeLiveness.Snapshot current, SchedulerStateRecord rec) {
        Duration settle = Duration.ofMillis(3 * Math.max(rec.getCheckinInterval(), getClusterCheckinInterval())
                + STOCK_GRACE_MS);
        return current.databaseStartedAt() != null
                && current.databaseStartedAt().plus(settle).isAfter(Instant.now());
    }
}
