package org.guardian.orchestrator.resources;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ParamException;

import java.util.List;

/**
 * A query or header parameter that cannot be read as its type ({@code limit=abc}) answers 400
 * naming it, in the {@code {"errors": [...]}} shape; Jersey's default is 404. A path parameter
 * that cannot be read still answers 404: there is no such resource.
 */
public final class BadParameterMapper implements ExceptionMapper<ParamException> {
    @Override
    public Response toResponse(ParamException e) {
        if (e instanceof ParamException.PathParamException) {
            return RefusedExceptionMapper.error(404, "no resource at this path");
        }
        return RefusedExceptionMapper.errors(400, List.of(e.getParameterName() + ": " + problem(e)));
    }

    private static String problem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NumberFormatException) {
                return "must be an integer";
            }
        }
        return "is not a valid value";
    }
}
