package org.guardian.orchestrator.scheduler.execution;

import org.jdbi.v3.core.JdbiException;

/**
 * An outcome the outcome writer could not record for its worker (the writer stalled past the
 * worker's patience, died, or failed with something other than a database error). It is a
 * {@link JdbiException} so that workers handle it as a database error of their own write.
 */
final class OutcomeNotRecordedException extends JdbiException {
    private static final long serialVersionUID = 1L;

    OutcomeNotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}
