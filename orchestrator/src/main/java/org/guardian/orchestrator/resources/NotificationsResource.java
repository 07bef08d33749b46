package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.guardian.orchestrator.api.NotificationView;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.notify.NotificationService;

import java.util.List;
import java.util.Map;

/** Notifications sent, failed or held back, newest first; and a test notification to every channel. */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {
    private final NotificationService notifications;

    public NotificationsResource(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GET
    @Timed
    @RolesAllowed(Roles.VIEWER)
    public List<NotificationView> list(@QueryParam("status") String status, @QueryParam("schedule") String schedule,
                                       @QueryParam("event") String event,
                                       @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return notifications.list(status, schedule, event, limit);
    }

    @POST
    @Path("test")
    @Timed
    @RolesAllowed(Roles.ADMIN)
    public Response test(@Context SecurityContext security) {
        return Response.accepted(Map.of("ids", notifications.sendTest(Users.of(security)))).build();
    }
}
