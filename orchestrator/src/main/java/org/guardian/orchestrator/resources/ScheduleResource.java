package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.guardian.orchestrator.api.ChangeView;
import org.guardian.orchestrator.api.MergePatches;
import org.guardian.orchestrator.api.RunView;
import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.query.RunHistory;
import org.guardian.orchestrator.query.ScheduleViews;
import org.guardian.orchestrator.scheduler.sync.ScheduleEditor;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One schedule: read, replace, delete, the operator's actions, its runs and its changes. */
@Path("/api/schedules/{name}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ScheduleResource {
    private final ScheduleViews views;
    private final ScheduleEditor editor;
    private final ScheduleService service;
    private final RunHistory history;
    private final MergePatches patches;

    public ScheduleResource(ScheduleViews views, ScheduleEditor editor, ScheduleService service, RunHistory history,
                            MergePatches patches) {
        this.views = views;
        this.editor = editor;
        this.service = service;
        this.history = history;
        this.patches = patches;
    }

    @GET
    @Timed
    public Response get(@PathParam("name") String name) {
        return withVersion(views.one(name));
    }

    @PUT
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public Response replace(@PathParam("name") String name, @NotNull @Valid ScheduleRequest request,
                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context SecurityContext security) {
        if (request.name() != null && !request.name().equals(name)) {
            throw RefusedException.invalid(List.of("name: cannot be changed (it is " + name + ")"));
        }
        views.require(name);
        editor.replace(request.toDefinition(name), Versions.fromIfMatch(ifMatch), Users.of(security));
        return withVersion(views.one(name));
    }

    /** Changes only the fields the merge patch names; a field set to null takes its default. */
    @PATCH
    @Timed
    @Consumes(MergePatches.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    public Response patch(@PathParam("name") String name,
                          @RequestBody(description = "A merge patch (RFC 7386) of the schedule's PUT body",
                                  content = @Content(mediaType = MergePatches.MEDIA_TYPE,
                                          schema = @Schema(implementation = ScheduleRequest.class))) JsonNode patch,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context SecurityContext security) {
        views.require(name);
        editor.patch(name, patches.ofSchedule(patch), Versions.fromIfMatch(ifMatch), Users.of(security));
        return withVersion(views.one(name));
    }

    @DELETE
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("name") String name, @Context SecurityContext security) {
        views.require(name);
        editor.delete(name, Users.of(security));
        return Response.noContent().build();
    }

    @POST
    @Path("pause")
    @Timed
    @RolesAllowed(Roles.OPERATOR)
    public ScheduleView pause(@PathParam("name") String name, @Context SecurityContext security) {
        views.require(name);
        service.pause(name, Users.of(security));
        return views.one(name);
    }

    @POST
    @Path("resume")
    @Timed
    @RolesAllowed(Roles.OPERATOR)
    public ScheduleView resume(@PathParam("name") String name, @Context SecurityContext security) {
        views.require(name);
        service.resume(name, Users.of(security));
        return views.one(name);
    }

    @POST
    @Path("reset")
    @Timed
    @RolesAllowed(Roles.OPERATOR)
    public ScheduleView reset(@PathParam("name") String name, @Context SecurityContext security) {
        views.require(name);
        service.reset(name, Users.of(security));
        return views.one(name);
    }

    @POST
    @Path("trigger")
    @Timed
    @RolesAllowed(Roles.OPERATOR)
    public Response trigger(@PathParam("name") String name, @QueryParam("force") @DefaultValue("false") boolean force,
                            @Context SecurityContext security) {
        views.require(name);
        Instant at = service.trigger(name, Users.of(security), force);
        return Response.accepted(Map.of("schedule", name, "requestedAt", at.toString(), "force", force)).build();
    }

    @GET
    @Path("runs")
    @Timed
    public List<RunView> runs(@PathParam("name") String name,
                              @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return history.ofSchedule(name, limit);
    }

    @GET
    @Path("changes")
    @Timed
    public List<ChangeView> changes(@PathParam("name") String name,
                                    @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return history.changesOf(name, limit);
    }

    private static Response withVersion(ScheduleView view) {
        return Response.ok(view).tag(new EntityTag(Long.toString(view.version()))).build();
    }
}
