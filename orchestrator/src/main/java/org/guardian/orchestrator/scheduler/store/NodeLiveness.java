package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.db.DatabaseServer;
import org.guardian.orchestrator.db.NodeFencedException;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node's membership of the cluster: its incarnation, registered when the process starts, and a
 * PostgreSQL session-level advisory lock on a dedicated session, keyed by that incarnation, which
 * a {@code kill -9} frees at once. A heartbeat thread keeps the session and the lock, and learns
 * when peers have fenced this incarnation; it then hands over to the {@link FenceHandler}.
 */
public final class NodeLiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);

    static final String LIVE_INCARNATIONS = "SELECT n.incarnation, " + AdvisoryLocks.LIVENESS_HELD
            + " FROM orchestrator.node_incarnations n WHERE n.node_id = ? AND n.fenced_at IS NULL";
    static final String REGISTER = "INSERT INTO orchestrator.node_incarnations (node_id) VALUES (?) RETURNING incarnation";
    static final String FORGET_OLD = "DELETE FROM orchestrator.node_incarnations"
            + " WHERE fenced_at < clock_timestamp() - INTERVAL '30 days'";
    static final String END = "UPDATE orchestrator.node_incarnations SET fenced_at = clock_timestamp(), fenced_by = ?,"
            + " fence_reason = ? WHERE incarnation = ? AND fenced_at IS NULL";

    private final DatabaseSettings database;
    private final NodeIdentity identity;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-liveness"));
    private Connection connection;
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile boolean fenced;
    private volatile PeerFenceListener peerFenced = PeerFenceListener.NONE;
    private final FailureStreak failing;

    private NodeLiveness(DatabaseSettings database, NodeIdentity identity, Connection connection) {
        this.database = database;
        this.identity = identity;
        this.connection = connection;
        this.failing = new FailureStreak(LOG, "Keeping the liveness session of node " + identity.nodeId());
    }

    /**
     * Registers a new incarnation of {@code nodeId} and takes its lock. Earlier incarnations whose
     * process is gone (lock free) are fenced as superseded; registrations of one node id are
     * serialized, so of two processes started with the same id at once only one stays.
     *
     * @throws SQLException when a live process already runs with this node id
     */
    public static NodeLiveness join(DatabaseSettings database, String nodeId) throws SQLException {
        try (Connection setup = DatabaseServer.unpooled(database).getConnection()) {
            setup.setAutoCommit(false);
            long incarnation = register(setup, nodeId);
            setup.commit();
            setup.setAutoCommit(true);
            NodeIdentity identity = new NodeIdentity(nodeId, incarnation);
            Fencer.fence(setup, TargetSessions.of(database, identity), nodeId, incarnation, nodeId,
                    "superseded by incarnation " + incarnation);
            NodeLiveness liveness = new NodeLiveness(database, identity, null);
            liveness.ensureHeld();
            return liveness;
        }
    }

    private static long register(Connection setup, String nodeId) throws SQLException {
        try (PreparedStatement ps = setup.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, AdvisoryLocks.REGISTRATION);
            ps.setString(2, nodeId);
            ps.execute();
        }
        try (PreparedStatement ps = setup.prepareStatement(LIVE_INCARNATIONS)) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        throw new SQLException("A live process already runs node " + nodeId + " (incarnation "
                                + rs.getLong(1) + " holds its liveness lock): is ORCH_NODE_ID set twice?");
                    }
                }
            }
        }
        try (var statement = setup.createStatement()) {
            statement.execute(FORGET_OLD);
        }
        try (PreparedStatement ps = setup.prepareStatement(REGISTER)) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public NodeIdentity identity() {
        return identity;
    }

    /**
     * Starts the heartbeat: every {@code interval} the session and lock are checked, and the fence;
     * each success is recorded in {@code progress}.
     */
    public void start(Duration interval, FenceHandler onFenced, LoopProgress progress) {
        heartbeat.scheduleWithFixedDelay(() -> beat(onFenced, progress), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void beat(FenceHandler onFenced, LoopProgress progress) {
        try {
            ensureHeld();
            lastBeatNanos = System.nanoTime();
            progress.beat();
            failing.succeeded();
        } catch (NodeFencedException e) {
            if (!fenced) {
                fenced = true;
                LOG.error("Node {} was declared dead and fenced by its peers: {}", identity.nodeId(), e.getMessage());
                onFenced.fenced(e.getMessage());
            }
        } catch (SQLException | RuntimeException e) {
            failing.failed(e);
        }
    }

    /** When the heartbeat last succeeded, in {@link System#nanoTime} nanoseconds. */
    public long lastBeatNanos() {
        return lastBeatNanos;
    }

    /** Whether this incarnation learnt that it was fenced. */
    public boolean isFenced() {
        return fenced;
    }

    /** Checks (or reopens, after the session was lost) this node's session, lock and fence. */
    synchronized void ensureHeld() throws SQLException {
        if (connection != null && connection.isValid(2)) {
            NodeSessions.checkNotFenced(connection, identity.incarnation());
            return;
        }
        closeQuietly();
        Connection fresh = NodeSessions.open(database, identity);
        try (PreparedStatement ps = fresh.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, AdvisoryLocks.LIVENESS);
            ps.setInt(2, (int) identity.incarnation());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    fresh.close();
                    throw new SQLException("Another session holds the liveness lock of incarnation "
                            + identity.incarnation());
                }
            }
        } catch (SQLException | RuntimeException e) {
            fresh.close();
            throw e;
        }
        connection = fresh;
        LOG.info("Node {} (incarnation {}) holds its liveness lock", identity.nodeId(), identity.incarnation());
    }

    /** Fences a peer declared dead (see {@link Fencer}), on this node's own session (and one on the target database). */
    synchronized List<Long> fence(String nodeId, String reason) throws SQLException {
        ensureHeld();
        List<Long> marked = Fencer.fence(connection, TargetSessions.of(database, identity), nodeId,
                identity.incarnation(), identity.nodeId(), reason);
        if (!marked.isEmpty()) {
            tellFenced(nodeId, marked, reason);
        }
        return marked;
    }

    /** Who hears of the peers this node fences. */
    public void onPeerFenced(PeerFenceListener listener) {
        this.peerFenced = listener;
    }

    private void tellFenced(String nodeId, List<Long> marked, String reason) {
        try {
            peerFenced.fenced(nodeId, marked, reason, identity.nodeId());
        } catch (RuntimeException e) {
            LOG.warn("The fence of {} could not be told: {}", nodeId, e.toString());
        }
    }

    /** The cluster as one check-in sees it: the database's clock, and which nodes hold their lock. */
    public static Snapshot snapshot(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SNAPSHOT)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Snapshot(rs.getLong(1), rs.getLong(2), names(rs.getArray(3)), names(rs.getArray(4)));
            }
        }
    }

    private static Set<String> names(java.sql.Array array) throws SQLException {
        Set<String> names = new HashSet<>();
        for (Object node : (Object[]) array.getArray()) {
            names.add((String) node);
        }
        return names;
    }

    /**
     * When the server became the one the nodes use: its start or, for a standby promoted since, about
     * the loss of the old primary (its last replayed commit), after which no node holds its lock yet;
     * the nodes whose live incarnation holds its lock; and those of them not checked in since that
     * incarnation started (within ten minutes: a restarting node's row shows its previous check-in).
     */
    static final String SNAPSHOT = "WITH live AS (SELECT n.node_id, n.started_at"
            + " FROM orchestrator.node_incarnations n WHERE n.fenced_at IS NULL AND "
            + AdvisoryLocks.LIVENESS_HELD + ") SELECT " + dbMillis("clock_timestamp()") + ", "
            + dbMillis("GREATEST(pg_postmaster_start_time(), pg_last_xact_replay_timestamp())")
            + ", ARRAY(SELECT DISTINCT node_id FROM live), ARRAY(SELECT node_id FROM live"
            + " WHERE started_at > clock_timestamp() - INTERVAL '10 minutes' AND NOT EXISTS (SELECT 1"
            + " FROM orchestrator.qrtz_scheduler_state s WHERE s.instance_name = live.node_id"
            + " AND s.last_checkin_time >= " + dbMillis("live.started_at") + "))";

    /** SQL for a timestamp as epoch milliseconds. */
    static String dbMillis(String timestamp) {
        return "(EXTRACT(EPOCH FROM " + timestamp + ") * 1000)::bigint";
    }

    /** Ends this incarnation at a clean stop, so that nobody mistakes it for a live one. */
    public synchronized void leave() {
        heartbeat.shutdownNow();
        try {
            ensureHeld();
            try (PreparedStatement ps = connection.prepareStatement(END)) {
                ps.setString(1, identity.nodeId());
                ps.setString(2, "stopped");
                ps.setLong(3, identity.incarnation());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.warn("Could not record the end of incarnation {}: {}", identity.incarnation(), e.getMessage());
        }
        closeQuietly();
    }

    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
            connection = null;
        }
    }

    /**
     * @param nowMillis     the database's clock, epoch milliseconds
     * @param startedMillis when the database server started or, promoted since, about when the old primary was lost
     * @param holding       the nodes whose live incarnation holds its lock
     * @param starting      those of them that have not checked in since that incarnation started
     */
    public record Snapshot(long nowMillis, long startedMillis, Set<String> holding, Set<String> starting) {
        public boolean holds(String nodeId) {
            return holding.contains(nodeId);
        }

        public boolean isStarting(String nodeId) {
            return starting.contains(nodeId);
        }
    }
}
