package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.core.ConnectionLoss;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Tells an attempt that failed because the database the operations run on was away from one that
 * failed on its own: its session was lost (a connection error, a server shutting down), or after
 * the failure a session of the probe's own there (outside the pool, which may be what failed) cannot
 * be opened or is read-only. A database restarted or failing over makes every attempt fail; those
 * failures must not suppress the schedules.
 */
public final class TargetProbe {
    private static final int CONNECT_TIMEOUT_S = 3;
    private static final int SOCKET_TIMEOUT_S = 5;

    private final DataSource direct;

    TargetProbe(DataSource direct) {
        this.direct = direct;
    }

    /** A probe of the node's target database (the orchestrator's own unless it has one of its own). */
    public static TargetProbe of(DatabaseSettings database, NodeIdentity identity) {
        return new TargetProbe(NodeSessions.direct(database.targetAddress(), identity, CONNECT_TIMEOUT_S,
                SOCKET_TIMEOUT_S));
    }

    /**
     * A FAILED or TIMEOUT outcome as it stands, or marked {@link Outcome#targetUnreachable} when the
     * target is away now (a target that hangs makes its statements time out).
     */
    public Outcome explain(Outcome outcome) {
        if (!outcome.status().isFailure() || outcome.targetUnreachable()) {
            return outcome;
        }
        return unreachable()
                .map(why -> outcome.whileTargetUnreachable("the target database " + why + "; " + outcome.error()))
                .orElse(outcome);
    }

    /** The failure of an attempt whose session was lost, as such ({@link ConnectionLoss}); empty for any other. */
    public static Optional<Outcome> lostSession(Throwable failure, String error) {
        return ConnectionLoss.cause(failure).map(lost -> Outcome.targetUnreachable(
                "the session on the target database was lost (SQLState " + lost.getSQLState() + "); " + error));
    }

    /** Why the target cannot take the attempts' work now; empty when it can. */
    Optional<String> unreachable() {
        try (Connection connection = direct.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('transaction_read_only') = 'on'")) {
            rs.next();
            return rs.getBoolean(1) ? Optional.of("is read-only") : Optional.empty();
        } catch (SQLException e) {
            return Optional.of("cannot be reached (" + e.getMessage() + ")");
        }
    }
}
