package org.guardian.orchestrator.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.jersey.validation.ValidationErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.guardian.orchestrator.core.RefusedException;

import java.util.NoSuchElementException;

/** Refusals in Dropwizard's error shape: 422 as {@code {"errors": [...]}}, the rest as {@code {"code", "message"}}. */
public final class RefusedExceptionMapper implements ExceptionMapper<RefusedException> {
    private static final int UNPROCESSABLE = 422;

    @Override
    public Response toResponse(RefusedException e) {
        if (e.kind() == RefusedException.Kind.INVALID) {
            return Response.status(UNPROCESSABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ValidationErrorMessage(e.errors())).build();
        }
        int status = switch (e.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case STALE -> 412;
            case INVALID -> UNPROCESSABLE;
        };
        return error(status, e.getMessage());
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message)).build();
    }

    /** {@link org.guardian.orchestrator.scheduler.ScheduleService} reports an unknown name this way. */
    public static final class NotFound implements ExceptionMapper<NoSuchElementException> {
        @Override
        public Response toResponse(NoSuchElementException e) {
            return error(404, e.getMessage());
        }
    }
}
