package org.guardian.orchestrator.core;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A failure because the database session was lost or could not be had (a restart, a failover), not
 * because of the statement: SQLSTATE class 08, or 57P01–57P03 (the server shutting down), anywhere
 * among its causes.
 */
public final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /** The SQL exception among {@code e}'s causes that says the session was lost or refused. */
    public static Optional<SQLException> cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
