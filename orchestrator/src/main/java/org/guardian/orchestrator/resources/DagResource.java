package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.api.DagView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.query.ScheduleViews;

/** The dependency graph of all schedules, as JSON or Graphviz text ({@code ?format=dot}). */
@Path("/api/dag")
@RolesAllowed(Roles.VIEWER)
public class DagResource {
    private final ScheduleViews schedules;

    public DagResource(ScheduleViews schedules) {
        this.schedules = schedules;
    }

    @GET
    @Timed
    public Response get(@QueryParam("format") String format) {
        DependencyGraph graph = schedules.dependencyGraph();
        if ("dot".equalsIgnoreCase(format)) {
            return Response.ok(graph.toDot(), "text/vnd.graphviz").build();
        }
        DagView view = new DagView(graph.nodes(), graph.edges(), graph.topologicalOrder(), graph.problems());
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
