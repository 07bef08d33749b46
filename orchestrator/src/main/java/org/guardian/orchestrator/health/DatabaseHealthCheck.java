package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.annotation.Async;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;

import javax.sql.DataSource;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database answers and takes writes: a standby, or a server made read-only, answers every write
 * with an error. Asked every second on a session of the check's own, outside the pools (whose
 * checkout waits up to 10 s while the database is away): a database gone shows within about a
 * second, one that hangs within {@link #ANSWER_TIMEOUT_S} more; a session lost alone is replaced at once.
 */
@Async(period = DatabaseHealthCheck.PERIOD_SECONDS, scheduleType = Async.ScheduleType.FIXED_DELAY,
        healthyTtl = BackgroundChecks.FRESH_SECONDS)
public final class DatabaseHealthCheck extends HealthCheck implements AutoCloseable {
    static final long PERIOD_SECONDS = 1;
    static final int CONNECT_TIMEOUT_S = 2;
    static final int ANSWER_TIMEOUT_S = 3;
    static final String WRITABLE = "SELECT current_setting('transaction_read_only') = 'on', pg_is_in_recovery()";

    private final DataSource direct;
    // the check's runs never overlap (fixed delay), so one session serves them in turn
    private Connection session;

    /** A check on {@code direct}: sessions that open and answer within seconds, not pooled. */
    public DatabaseHealthCheck(DataSource direct) {
        this.direct = direct;
    }

    /** The check of the database at {@code address}, on a session of this node's. */
    public static DatabaseHealthCheck on(DatabaseAddress address, NodeIdentity identity) {
        return new DatabaseHealthCheck(NodeSessions.direct(address, identity, CONNECT_TIMEOUT_S, ANSWER_TIMEOUT_S));
    }

    @Override
    protected synchronized Result check() {
        boolean held = session != null;
        try {
            if (session == null) {
                session = direct.getConnection();
            }
            return writable(session);
        } catch (SQLException e) {
            close();
            if (timedOut(e)) {
                return Result.unhealthy("database unreachable: no answer within " + ANSWER_TIMEOUT_S
                        + " s (a server that hangs, or a network that drops)");
            }
            // a session ended under it (a restart, an administrator): a new one tells
            return held ? check() : Result.unhealthy("database unreachable: " + e.getMessage());
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Result writable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(WRITABLE)) {
            rs.next();
            if (rs.getBoolean(2)) {
                return Result.unhealthy("database reachable but read-only: a standby in recovery;"
                        + " nothing can be written (is the URL's primary the right one?)");
            }
            if (rs.getBoolean(1)) {
                return Result.unhealthy("database reachable but read-only: default_transaction_read_only"
                        + " is on; nothing can be written");
            }
            return Result.healthy("database reachable");
        }
    }

    /** Closes the check's session; the next check opens another. */
    @Override
    public synchronized void close() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // a session that failed: nothing more to release
            }
            session = null;
        }
    }
}
