package org.guardian.orchestrator.scheduler.execution;

import org.guardian.jobs.OperationConfig;
import org.guardian.orchestrator.scheduler.policy.GuardedAttempt;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.BiPredicate;

/**
 * The {@link OperationContext} of one attempt: owns the attempt's connection and tells whoever
 * cancels the attempt which PostgreSQL backend runs its statements.
 */
public final class AttemptContext implements GuardedAttempt, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptContext.class);

    private final String scheduleName;
    private final int attempt;
    private final OperationConfig config;
    private final DataSource dataSource;
    private final Clock clock;
    private final BiPredicate<String, String> runRequester;
    private volatile boolean cancelled;
    private volatile boolean abandoned;
    private volatile Connection connection;
    private volatile int backendPid;

    AttemptContext(String scheduleName, int attempt, OperationConfig config, DataSource dataSource, Clock clock,
                   BiPredicate<String, String> runRequester) {
        this.scheduleName = scheduleName;
        this.attempt = attempt;
        this.config = config;
        this.dataSource = dataSource;
        this.clock = clock;
        this.runRequester = runRequester;
    }

    @Override
    public String scheduleName() {
        return scheduleName;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public OperationConfig config() {
        return config;
    }

    @Override
    public synchronized Connection connection() throws SQLException {
        checkCancelled();
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            fresh.setAutoCommit(true);
            backendPid = fresh.unwrap(PGConnection.class).getBackendPID();
            connection = fresh;
            // cancelled while waiting for it: the canceller saw no backend to signal
            checkCancelled();
        }
        return connection;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean requestRun(String schedule, String reason) {
        return runRequester.test(schedule, reason);
    }

    /** Marks the attempt cancelled: the operation gets no new connection and sees it through {@link #isCancelled()}. */
    @Override
    public void markCancelled() {
        cancelled = true;
    }

    @Override
    public void markAbandoned() {
        abandoned = true;
    }

    /** The PostgreSQL backend of the attempt's connection, or 0 while it has none. */
    @Override
    public int backendPid() {
        return backendPid;
    }

    /**
     * Rolls back whatever the operation left open and returns the connection to the pool. The
     * connection of an abandoned operation is still in use (its statement may wait on a database
     * that hangs): a thread of its own closes it once the statement lets go, and the worker goes on.
     */
    @Override
    public synchronized void close() {
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        if (abandoned) {
            Thread closer = new Thread(() -> close(c), "orch-abandoned-" + scheduleName);
            closer.setDaemon(true);
            closer.start();
        } else {
            close(c);
        }
    }

    private void close(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debug("Cleaning the connection of {} failed: {}", scheduleName, e.getMessage());
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the pool discards a broken connection
            }
        }
    }
}
