package org.guardian.orchestrator.resources;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduler failed a valid request (its store away, say): 503 with what was done, logged with the cause. */
public final class SchedulingUnavailableMapper implements ExceptionMapper<SchedulingUnavailableException> {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingUnavailableMapper.class);
    private static final int UNAVAILABLE = 503;

    @Override
    public Response toResponse(SchedulingUnavailableException e) {
        LOG.warn("Answered 503: {}", e.getMessage(), e.getCause());
        return RefusedExceptionMapper.error(UNAVAILABLE, e.getMessage());
    }
}
