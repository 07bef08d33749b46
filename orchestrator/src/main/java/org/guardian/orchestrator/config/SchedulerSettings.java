package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.UUID;

/** The clustered Quartz scheduler of this node. */
public class SchedulerSettings {
    /** {@code ORCH_NODE_ID}: this node's Quartz instance id; empty generates host-random. */
    @NotNull
    private String nodeId = "";
    /** {@code ORCH_CHECKIN_INTERVAL_MS}: cluster check-in interval; default 1000 (failover in ~2 s). */
    @Min(200)
    @Max(60_000)
    private long checkinIntervalMillis = 1000;
    /**
     * {@code ORCH_NODE_DEAD_AFTER_MS}: a node whose last check-in is older than this is declared
     * dead, fenced and recovered even while its session is open (frozen, cut off); default 10000.
     */
    @Min(1000)
    @Max(600_000)
    private long nodeDeadAfterMillis = 10_000;
    /** {@code ORCH_THREADS}: worker threads; default 10. */
    @Min(1)
    @Max(200)
    private int threads = 10;
    /**
     * {@code ORCH_MAX_CLOCK_OFFSET_MS}: how far a node's clock may be from the database's; a node
     * further off, while most of its peers are within it, stops firing. Default 1000.
     */
    @Min(50)
    @Max(60_000)
    private long maxClockOffsetMillis = 1000;
    /** How late a fire may start before its misfire policy applies; default 5000 ms. */
    @Min(1000)
    private long misfireThresholdMillis = 5000;
    /**
     * {@code ORCH_MISFIRE_BATCH}: how many misfired triggers one round of misfire handling takes;
     * default 500. The handler pauses 50 ms between rounds, so this bounds how many late fire
     * times per second an overloaded node can bring back (Quartz's default, 20, caps it at 400/s).
     */
    @Min(1)
    @Max(10_000)
    private int misfireBatchSize = 500;
    /**
     * {@code ORCH_VACUUM_INTERVAL_MS}: how often a node vacuums the scheduler's hot tables (and,
     * every 15th time, analyzes them); default 2000, 0 leaves them to autovacuum.
     */
    @Min(0)
    @Max(3_600_000)
    private long vacuumIntervalMillis = 2000;
    /** How long an idle scheduler thread waits before looking for triggers again; default 1000 ms. */
    @Min(100)
    private long idleWaitMillis = 1000;
    /** How often the table is compared with Quartz; default 5 s (direct SQL edits show within 10 s). */
    @Min(1)
    private int reconcileIntervalSeconds = 5;
    /** Whether a node also LISTENs for the table's NOTIFY and reconciles at once on an edit; default true. */
    private boolean reconcileOnNotify = true;
    /** How long a stopping node waits for running attempts; default 30 s. */
    @Min(0)
    private int shutdownTimeoutSeconds = 30;
    /** Longest retry delay, whatever the backoff; default 1 hour. */
    @Min(1)
    private int maxRetryDelaySeconds = 3600;
    /** How long after the deadline an attempt that ignores cancellation is abandoned; default 1500 ms. */
    @Min(100)
    @Max(10_000)
    private long cancelGraceMillis = 1500;

    @JsonProperty
    public long getVacuumIntervalMillis() {
        return vacuumIntervalMillis;
    }

    @JsonProperty
    public void setVacuumIntervalMillis(long vacuumIntervalMillis) {
        this.vacuumIntervalMillis = vacuumIntervalMillis;
    }

    @JsonProperty
    public int getMisfireBatchSize() {
        return misfireBatchSize;
    }

    @JsonProperty
    public void setMisfireBatchSize(int misfireBatchSize) {
        this.misfireBatchSize = misfireBatchSize;
    }

    @JsonProperty
    public String getNodeId() {
        return nodeId;
    }

    @JsonProperty
    public void setNodeId(String nodeId) {
        this.nodeId = nodeId == null ? "" : nodeId.trim();
    }

    /** The configured id, or one generated from the host name. */
    public String resolveNodeId() {
        if (!nodeId.isEmpty()) {
            return nodeId;
        }
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        nodeId = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return nodeId;
    }

    @JsonProperty
    public long getCheckinIntervalMillis() {
        return checkinIntervalMillis;
    }

    @JsonProperty
    public void setCheckinIntervalMillis(long checkinIntervalMillis) {
        this.checkinIntervalMillis = checkinIntervalMillis;
    }

    @JsonProperty
    public long getNodeDeadAfterMillis() {
        return nodeDeadAfterMillis;
    }

    @JsonProperty
    public void setNodeDeadAfterMillis(long nodeDeadAfterMillis) {
        this.nodeDeadAfterMillis = nodeDeadAfterMillis;
    }

    /**
     * How long a scheduler-store transaction may sit idle before PostgreSQL ends it: a quarter of
     * {@code nodeDeadAfterMillis}, between 1 and 5 s. A node frozen inside one (a long pause, a
     * suspended VM) would otherwise hold the rows it locked, and its peers with them, until it is
     * declared dead; a healthy node's store transactions are idle for milliseconds.
     */
    @JsonIgnore
    public long storeTransactionIdleLimitMillis() {
        return Math.max(1_000, Math.min(5_000, nodeDeadAfterMillis / 4));
    }

    /** A node is judged dead only after it missed several check-ins. */
    @JsonIgnore
    @AssertTrue(message = "nodeDeadAfterMillis (ORCH_NODE_DEAD_AFTER_MS) must be at least three check-in intervals"
            + " (ORCH_CHECKIN_INTERVAL_MS)")
    public boolean isDeadAfterSeveralCheckins() {
        return nodeDeadAfterMillis >= 3 * checkinIntervalMillis;
    }

    @JsonProperty
    public int getThreads() {
        return threads;
    }

    @JsonProperty
    public void setThreads(int threads) {
        this.threads = threads;
    }

    @JsonProperty
    public long getMaxClockOffsetMillis() {
        return maxClockOffsetMillis;
    }

    @JsonProperty
    public void setMaxClockOffsetMillis(long maxClockOffsetMillis) {
        this.maxClockOffsetMillis = maxClockOffsetMillis;
    }

    @JsonProperty
    public long getMisfireThresholdMillis() {
        return misfireThresholdMillis;
    }

    @JsonProperty
    public void setMisfireThresholdMillis(long misfireThresholdMillis) {
        this.misfireThresholdMillis = misfireThresholdMillis;
    }

    @JsonProperty
    public long getIdleWaitMillis() {
        return idleWaitMillis;
    }

    @JsonProperty
    public void setIdleWaitMillis(long idleWaitMillis) {
        this.idleWaitMillis = idleWaitMillis;
    }

    @JsonProperty
    public int getReconcileIntervalSeconds() {
        return reconcileIntervalSeconds;
    }

    @JsonProperty
    public void setReconcileIntervalSeconds(int reconcileIntervalSeconds) {
        this.reconcileIntervalSeconds = reconcileIntervalSeconds;
    }

    @JsonProperty
    public boolean isReconcileOnNotify() {
        return reconcileOnNotify;
    }

    @JsonProperty
    public void setReconcileOnNotify(boolean reconcileOnNotify) {
        this.reconcileOnNotify = reconcileOnNotify;
    }

    @JsonProperty
    public int getShutdownTimeoutSeconds() {
        return shutdownTimeoutSeconds;
    }

    @JsonProperty
    public void setShutdownTimeoutSeconds(int shutdownTimeoutSeconds) {
        this.shutdownTimeoutSeconds = shutdownTimeoutSeconds;
    }

    @JsonProperty
    public int getMaxRetryDelaySeconds() {
        return maxRetryDelaySeconds;
    }

    @JsonProperty
    public void setMaxRetryDelaySeconds(int maxRetryDelaySeconds) {
        this.maxRetryDelaySeconds = maxRetryDelaySeconds;
    }

    @JsonProperty
    public long getCancelGraceMillis() {
        return cancelGraceMillis;
    }

    @JsonProperty
    public void setCancelGraceMillis(long cancelGraceMillis) {
        this.cancelGraceMillis = cancelGraceMillis;
    }
}
