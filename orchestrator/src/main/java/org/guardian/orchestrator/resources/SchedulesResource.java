package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.scheduler.ScheduleEditor;
import org.quartz.SchedulerException;

import java.util.List;

/** The collection of schedules: list and create. */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SchedulesResource {
    private final ScheduleViews views;
    private final ScheduleEditor editor;

    public SchedulesResource(ScheduleViews views, ScheduleEditor editor) {
        this.views = views;
        this.editor = editor;
    }

    @GET
    @Timed
    public List<ScheduleView> list() {
        return views.all();
    }

    @POST
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid ScheduleRequest request, @Context SecurityContext security,
                           @Context UriInfo uri) throws SchedulerException {
        if (request.name() == null) {
            throw RefusedException.invalid(List.of("name: must not be null"));
        }
        editor.create(request.toDefinition(request.name()), Users.of(security));
        ScheduleView created = views.one(request.name());
        return Response.created(uri.getAbsolutePathBuilder().path(request.name()).build())
                .tag(new EntityTag(Long.toString(created.version()))).entity(created).build();
    }
}
