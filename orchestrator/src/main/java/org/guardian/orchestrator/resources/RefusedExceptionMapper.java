package org.guardian.orchestrator.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.jersey.validation.ValidationErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.guardian.orchestrator.core.RefusedException;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Refusals in Dropwizard's error shape: 422 and 400 as {@code {"errors": [...]}}, the rest as
 * {@code {"code", "message"}}.
 */
public final class RefusedExceptionMapper implements ExceptionMapper<RefusedException> {
    private static final int UNPROCESSABLE = 422;

    @Override
    public Response toResponse(RefusedException e) {
        return switch (e.kind()) {
            case INVALID -> errors(UNPROCESSABLE, e.errors());
            case MALFORMED -> errors(400, e.errors());
            case NOT_FOUND -> error(404, e.getMessage());
            case CONFLICT -> error(409, e.getMessage());
            case STALE -> error(412, e.getMessage());
        };
    }

    static Response errors(int status, List<String> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ValidationErrorMessage(errors)).build();
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message)).build();
    }

    /** An unknown element that a library reports ({@code Optional.orElseThrow()}) is not found either. */
    public static final class NotFound implements ExceptionMapper<NoSuchElementException> {
        @Override
        public Response toResponse(NoSuchElementException e) {
            return error(404, e.getMessage());
        }
    }
}
