package org.guardian.orchestrator.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens one PostgreSQL session outside any pool, for a caller that keeps it (a LISTEN, a lock). */
@FunctionalInterface
public interface SessionOpener {
    Connection open() throws SQLException;
}
