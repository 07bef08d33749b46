package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.DaemonThreads;
import com.mchange.v2.c3p0.DataSources;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;
import org.guardian.orchestrator.db.PrimaryTimeline;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cancels or terminates a PostgreSQL backend on the database where the attempts' statements run,
 * over a tiny pool of its own: a timeout is enforced even while the application pool is exhausted.
 * Signals are sent from threads of its own over connections tested before use, and waited for a
 * second at most: a target that hangs does not hold the worker. Its sessions carry the node's incarnation, and it sends nothing once fenced, nor to an
 * old primary of the target (a multi-host URL's timeline check): a pooled session refused there is
 * ended and the signal sent over a session of its own, which the driver opens on another host.
 */
public final class BackendSignaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSignaller.class);
    static final int CONNECTIONS = 2;
    private static final int CHECKOUT_TIMEOUT_MS = 1000;
    private static final int CONNECT_TIMEOUT_S = 2;
    private static final int SOCKET_TIMEOUT_S = 5;
    private static final long SIGNAL_WAIT_MS = 1000;

    private final DataSource direct;
    private final DataSource pool;
    private final DataSource fencePool;
    private final long incarnation;
    private final PrimaryTimeline timeline;
    private final ExecutorService sender = Executors.newCachedThreadPool(DaemonThreads.named("orch-backend-signal"));

    /** @param fencePool where the fence is read; null: the target's own control pool */
    BackendSignaller(DataSource direct, DataSource fencePool, long incarnation, PrimaryTimeline timeline) {
        this.direct = direct;
        this.pool = pooled(direct);
        this.fencePool = fencePool == null ? pool : fencePool;
        this.incarnation = incarnation;
        this.timeline = timeline;
    }

    /** A signaller connecting like the node does, to the database where the operations run. */
    public static BackendSignaller open(DatabaseSettings database, NodeIdentity identity) {
        DataSource fence = database.hasSeparateTarget() ? pooled(direct(database.orchestratorAddress(), identity)) : null;
        return new BackendSignaller(direct(database.targetAddress(), identity), fence, identity.incarnation(),
                database.timelineOf(database.targetAddress()));
    }

    private static DataSource direct(DatabaseAddress address, NodeIdentity identity) {
        return NodeSessions.direct(address, identity, CONNECT_TIMEOUT_S, SOCKET_TIMEOUT_S);
    }

    private static DataSource pooled(DataSource direct) {
        try {
            return DataSources.pooledDataSource(direct, Map.of(
                    "minPoolSize", 1, "initialPoolSize", 1, "maxPoolSize", CONNECTIONS,
                    "checkoutTimeout", CHECKOUT_TIMEOUT_MS, "testConnectionOnCheckout", true,
                    "acquireRetryAttempts", 1));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot configure the control connections: " + e.getMessage(), e);
        }
    }

    /** Opens the reserved connections now, rather than at the first timeout. */
    void start() {
        open(pool);
        if (fencePool != pool) {
            open(fencePool);
        }
    }

    private static void open(DataSource controlPool) {
        try (Connection ignored = controlPool.getConnection()) {
            LOG.debug("Control connection ready");
        } catch (SQLException e) {
            LOG.warn("Control connection not ready yet (will retry at the first timeout): {}", e.getMessage());
        }
    }

    /** Cancels the statement running on backend {@code pid}; 0 means none. */
    void cancel(int pid) {
        signal("pg_cancel_backend", pid);
    }

    /** Ends the session of backend {@code pid}; 0 means none. False when the signal was not sent. */
    boolean terminate(int pid) {
        return signal("pg_terminate_backend", pid);
    }

    /** Sends the signal from a thread of its own, waiting a second at most (a hung target keeps it). */
    private boolean signal(String function, int pid) {
        try {
            return sender.submit(() -> sendNow(function, pid)).get(SIGNAL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} of backend {} not sent within {} ms; still trying", function, pid, SIGNAL_WAIT_MS);
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (RejectedExecutionException e) {
            LOG.debug("{} of backend {} not sent: the node is stopping", function, pid);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean sendNow(String function, int pid) {
        if (pid == 0) {
            return true;
        }
        try {
            try {
                send(pool.getConnection(), function, pid);
            } catch (SQLException e) {
                if (!PrimaryTimeline.isRefusal(e)) {
                    throw e;
                }
                // that host is now reported to the driver as no primary: a session of its own goes elsewhere
                send(direct.getConnection(), function, pid);
            }
            return true;
        } catch (SQLException e) {
            LOG.warn("{} of backend {} failed: {}", function, pid, e.getMessage());
            return false;
        }
    }

    private void send(Connection signalling, String function, int pid) throws SQLException {
        try (Connection connection = signalling) {
            try {
                timeline.check(connection);
            } catch (SQLException e) {
                // a pooled session on an old primary: ended, so that the pool opens another
                connection.unwrap(BaseConnection.class).close();
                throw e;
            }
            // once fenced, the pid may already belong to someone else's session; on an old primary, to anyone's
            checkNotFenced(connection);
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
                statement.setInt(1, pid);
                statement.execute();
            }
        }
    }

    private void checkNotFenced(Connection signalling) throws SQLException {
        if (fencePool == pool) {
            NodeSessions.checkNotFenced(signalling, incarnation);
            return;
        }
        try (Connection orchestrator = fencePool.getConnection()) {
            NodeSessions.checkNotFenced(orchestrator, incarnation);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        destroy(pool);
        if (fencePool != pool) {
            destroy(fencePool);
        }
    }

    private static void destroy(DataSource controlPool) {
        try {
            DataSources.destroy(controlPool);
        } catch (SQLException e) {
            LOG.debug("Closing the control connections failed: {}", e.getMessage());
        }
    }
}
