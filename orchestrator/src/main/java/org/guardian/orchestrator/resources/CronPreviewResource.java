package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.guardian.orchestrator.api.CronPreviewRequest;
import org.guardian.orchestrator.api.CronPreviewView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.query.CronPreviews;

/** A cron expression in words with its next ten fire times, or a 400 naming the wrong field. */
@Path("/api/cron/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class CronPreviewResource {
    private final CronPreviews previews;

    public CronPreviewResource(CronPreviews previews) {
        this.previews = previews;
    }

    @POST
    @Timed
    public CronPreviewView preview(CronPreviewRequest body) {
        return body == null ? previews.preview(null, null) : previews.preview(body.cron(), body.timezone());
    }
}
