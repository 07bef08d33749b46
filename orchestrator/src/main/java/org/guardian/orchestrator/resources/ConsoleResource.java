package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.guardian.orchestrator.api.RunView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.query.LatestRuns;

import java.util.List;

/** What the console needs beyond the resources of each noun: each schedule's latest finished run. */
@Path("/api/console")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ConsoleResource {
    private final LatestRuns latest;

    public ConsoleResource(LatestRuns latest) {
        this.latest = latest;
    }

    @GET
    @Path("latest-runs")
    @Timed
    public List<RunView> latestRuns() {
        return latest.ofEverySchedule();
    }
}
