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
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.quartz.SchedulerException;

import java.time.Instant;

/** The cluster: its nodes, whether it is paused, what runs now; global pause and resume. */
@Path("/api/scheduler")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SchedulerResource {
    private final String nodeId;
    private final ScheduleService service;
    private final SchedulerStateDao nodes;
    private final RunDao runs;

    public SchedulerResource(String nodeId, ScheduleService service, SchedulerStateDao nodes, RunDao runs) {
        this.nodeId = nodeId;
        this.service = service;
        this.nodes = nodes;
        this.runs = runs;
    }

    @GET
    @Timed
    public SchedulerView get() {
        return new SchedulerView(nodeId, service.isGloballyPaused(), runs.runningCount(), nodes.all().stream()
                .map(n -> new SchedulerView.Node(n.id(), Instant.ofEpochMilli(n.lastCheckinMillis()),
                        n.checkinIntervalMillis()))
                .toList());
    }

    @POST
    @Path("pause")
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public SchedulerView pause(@Context SecurityContext security) throws SchedulerException {
        service.pauseAll(Users.of(security));
        return get();
    }

    @POST
    @Path("resume")
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public SchedulerView resume(@Context SecurityContext security) throws SchedulerException {
        service.resumeAll(Users.of(security));
        return get();
    }
}
