package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.api.OperationView;
import org.guardian.orchestrator.auth.Roles;

import java.util.List;

/** The registry of operations a schedule can run. */
@Path("/api/operations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class OperationsResource {
    private final OperationRegistry registry;

    public OperationsResource(OperationRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Timed
    public List<OperationView> list() {
        return registry.all().stream().map(OperationView::of).toList();
    }
}
