package org.guardian.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * What an operation gets for one attempt.
 *
 * <p>Cancellation: when the attempt's deadline passes the orchestrator cancels the statement
 * running on {@link #connection()} in PostgreSQL and interrupts the worker thread. Operations
 * that loop must call {@link #checkCancelled()} between steps, and must not swallow
 * {@link InterruptedException} or {@link java.sql.SQLException}s from a cancelled statement.
 */
public interface OperationContext {

    /** The schedule this attempt belongs to. */
    String scheduleName();

    /** 1 for the first attempt of a fire time, 2 for its first retry, and so on. */
    int attempt();

    /** The validated configuration. */
    OperationConfig config();

    /**
     * This attempt's connection to the Guardian database, opened on first use, in autocommit mode.
     * The orchestrator owns it: it cancels its statements on timeout and, after the attempt,
     * rolls back whatever transaction is still open and returns it to the pool. Do not close it.
     */
    Connection connection() throws SQLException;

    /** The clock to read time from. */
    Clock clock();

    /** True once the attempt has been cancelled (deadline passed or node shutting down). */
    boolean isCancelled();

    /** Throws {@link OperationCancelledException} when {@link #isCancelled()}. */
    default void checkCancelled() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new OperationCancelledException();
        }
    }

    /**
     * Asks the orchestrator to run another schedule now (an alert's auto-response).
     * Never SQL: only the name of a schedule that exists.
     *
     * @return false when no such schedule exists
     */
    boolean requestRun(String scheduleName, String reason);
}
