package org.guardian.orchestrator.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Proves that this node is alive with a PostgreSQL session-level advisory lock held on a
 * dedicated connection, and tells which nodes hold theirs.
 *
 * <p>A node killed with {@code kill -9} loses its session and so its lock at once; a node that is
 * merely slow (a stalled check-in) keeps it. A database restart frees every lock at once, which is
 * why {@link #databaseStartedAt} is reported too: callers must not read "no lock" as "dead" until
 * the live nodes had time to take their locks again.
 */
public final class NodeLiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);
    /** The advisory lock namespace ("GUAR"); the second key is the instance id's hash. */
    static final int LOCK_CLASS = 0x47554152;

    private final String url;
    private final String user;
    private final String password;
    private final String instanceId;
    private Connection connection;

    public NodeLiveness(String url, String user, String password, String instanceId) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.instanceId = instanceId;
    }

    /** Takes (or retakes, after the session was lost) this node's lock. */
    public synchronized void ensureHeld() throws SQLException {
        if (connection != null && connection.isValid(2)) {
            return;
        }
        closeQuietly();
        Connection fresh = DriverManager.getConnection(url, user, password);
        try (PreparedStatement statement = fresh.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            statement.setInt(1, LOCK_CLASS);
            statement.setInt(2, key(instanceId));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    fresh.close();
                    throw new SQLException("Another live session holds the liveness lock of node " + instanceId
                            + ": is a second node running with the same ORCH_NODE_ID?");
                }
            }
        }
        connection = fresh;
        LOG.info("Node {} holds its liveness lock", instanceId);
    }

    /** The lock keys held in this database now, and when the database server started. */
    public static Snapshot snapshot(Connection connection) throws SQLException {
        Set<Integer> held = new HashSet<>();
        Instant startedAt;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT l.objid::int, pg_postmaster_start_time() FROM pg_locks l"
                        + " RIGHT JOIN (SELECT 1) one ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                        + " AND l.classid::int = ? AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            statement.setInt(1, LOCK_CLASS);
            try (ResultSet rs = statement.executeQuery()) {
                startedAt = null;
                while (rs.next()) {
                    int key = rs.getInt(1);
                    if (!rs.wasNull()) {
                        held.add(key);
                    }
                    startedAt = rs.getTimestamp(2).toInstant();
                }
            }
        }
        return new Snapshot(held, startedAt);
    }

    static int key(String instanceId) {
        return instanceId.hashCode();
    }

    @Override
    public synchronized void close() {
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

    /** Which liveness locks are held, and since when the database runs. */
    public record Snapshot(Set<Integer> heldKeys, Instant databaseStartedAt) {
        public boolean holds(String instanceId) {
            return heldKeys.contains(key(instanceId));
        }
    }
}
