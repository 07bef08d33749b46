package org.guardian.orchestrator.operations;

import org.guardian.orchestrator.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Holds every INSERT into a table at a gate (a statement trigger waiting for an advisory lock the
 * test holds) so a test can act while an operation is inside its batch transaction.
 */
final class StatementGate implements AutoCloseable {
    private static final long LOCK_KEY = 4242;
    private final TestDatabase db;
    private final String table;
    private final Connection holder;

    private StatementGate(TestDatabase db, String table) throws SQLException {
        this.db = db;
        this.table = table;
        db.execute("CREATE OR REPLACE FUNCTION public.test_gate() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN PERFORM pg_advisory_xact_lock_shared(" + LOCK_KEY + "); RETURN NULL; END $$;"
                + " CREATE TRIGGER test_gate BEFORE INSERT ON public." + table
                + " FOR EACH STATEMENT EXECUTE FUNCTION public.test_gate()");
        this.holder = db.dataSource().getConnection();
        try (Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
    }

    /** Closes the gate on inserts into {@code public.table}. */
    static StatementGate close(TestDatabase db, String table) throws SQLException {
        return new StatementGate(db, table);
    }

    /** Waits until backend {@code pid} waits at the gate. */
    void awaitWaiting(long pid) {
        awaitBlocked(db, pid, "advisory");
    }

    /** Waits until backend {@code pid} waits for a lock of kind {@code waitEvent} (e.g. advisory, transactionid). */
    static void awaitBlocked(TestDatabase db, long pid, String waitEvent) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + pid
                         + " AND wait_event_type = 'Lock'" + (waitEvent == null ? "" : " AND wait_event = '" + waitEvent + "'"))) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        });
    }

    /** Opens the gate. */
    void open() throws SQLException {
        try (Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }

    @Override
    public void close() throws SQLException {
        holder.close();
        db.execute("DROP TRIGGER IF EXISTS test_gate ON public." + table);
    }

    static long backendPid(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
