package org.guardian.orchestrator.resources;

import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.guardian.orchestrator.core.ConnectionLoss;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A statement that failed because the database session was lost or could not be had (a restart, a
 * failover): 503 with Retry-After, which a client may retry. Any other database failure stays a 500,
 * logged by Dropwizard with its id.
 */
public final class DatabaseUnavailableMapper implements ExceptionMapper<JdbiException> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableMapper.class);
    private static final int UNAVAILABLE = 503;
    static final String RETRY_AFTER_SECONDS = "2";
    static final String MESSAGE = "The database is unreachable (a restart or failover under way?): retry in a few"
            + " seconds; a change sent now may or may not have been applied, so read it back first";

    private final ExceptionMapper<JdbiException> otherwise = new LoggingExceptionMapper<>() {
    };

    @Override
    public Response toResponse(JdbiException e) {
        if (!isConnectionLoss(e)) {
            return otherwise.toResponse(e);
        }
        LOG.warn("Answered 503, the database session was lost: {}", e.getMessage());
        return Response.fromResponse(RefusedExceptionMapper.error(UNAVAILABLE, MESSAGE))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    /** No session could be had (Jdbi could not open one), or it was lost ({@link ConnectionLoss}). */
    static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException) {
                return true;
            }
        }
        return ConnectionLoss.cause(e).isPresent();
    }
}
