package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.guardian.orchestrator.api.RunPage;
import org.guardian.orchestrator.api.RunView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.query.RunFilter;
import org.guardian.orchestrator.query.RunHistory;

/** Run history across schedules, newest first, filtered and paged by a cursor on the run id. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class RunsResource {
    private final RunHistory history;

    public RunsResource(RunHistory history) {
        this.history = history;
    }

    @GET
    @Timed
    public RunPage list(@QueryParam("status") String status, @QueryParam("since") String since,
                        @QueryParam("schedule") String schedule, @QueryParam("cursor") @Min(1) Long cursor,
                        @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return history.page(RunFilter.of(status, since, schedule), cursor, limit);
    }

    @GET
    @Path("{id}")
    @Timed
    public RunView get(@PathParam("id") long id) {
        return history.one(id);
    }
}
