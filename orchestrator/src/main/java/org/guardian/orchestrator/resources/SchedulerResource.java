package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.guardian.orchestrator.api.SchedulerView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.query.ClusterView;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;

/** The cluster: its nodes, whether it is paused, what runs now; global pause and resume. */
@Path("/api/scheduler")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SchedulerResource {
    private final ClusterView cluster;
    private final ScheduleService service;

    public SchedulerResource(ClusterView cluster, ScheduleService service) {
        this.cluster = cluster;
        this.service = service;
    }

    @GET
    @Timed
    public SchedulerView get() {
        return cluster.now();
    }

    @POST
    @Path("pause")
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public SchedulerView pause(@Context SecurityContext security) {
        service.pauseAll(Users.of(security));
        return get();
    }

    @POST
    @Path("resume")
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public SchedulerView resume(@Context SecurityContext security) {
        service.resumeAll(Users.of(security));
        return get();
    }
}
