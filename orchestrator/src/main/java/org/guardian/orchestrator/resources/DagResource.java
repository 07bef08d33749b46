package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.query.DagCache;

/** The dependency graph of all schedules, as JSON or Graphviz text ({@code ?format=dot}), from the cache. */
@Path("/api/dag")
@RolesAllowed(Roles.VIEWER)
public class DagResource {
    private final DagCache dag;

    public DagResource(DagCache dag) {
        this.dag = dag;
    }

    @GET
    @Timed
    public Response get(@QueryParam("format") String format) {
        if ("dot".equalsIgnoreCase(format)) {
            return Response.ok(dag.dot(), "text/vnd.graphviz").build();
        }
        return Response.ok(dag.json(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
