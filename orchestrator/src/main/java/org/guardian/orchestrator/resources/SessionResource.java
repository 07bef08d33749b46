package org.guardian.orchestrator.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.guardian.orchestrator.api.LoginRequest;
import org.guardian.orchestrator.api.SessionView;
import org.guardian.orchestrator.auth.ConsoleLogin;
import org.guardian.orchestrator.auth.ConsoleSessions;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.auth.SessionAuthFilter;
import org.guardian.orchestrator.auth.User;

/** The console's login: start a session (a cookie), say who is logged in, end it. */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private final ConsoleLogin login;

    public SessionResource(ConsoleLogin login) {
        this.login = login;
    }

    /** 200 with the user and an HttpOnly, SameSite=Strict cookie; 401 wrong user or password; 429 throttled. */
    @POST
    @Timed
    @Consumes(MediaType.APPLICATION_JSON)
    public Response logIn(@NotNull @Valid LoginRequest body, @Context HttpServletRequest request,
                          @HeaderParam(SessionAuthFilter.CONSOLE_HEADER) String consoleHeader) {
        if (consoleHeader == null) {
            return RefusedExceptionMapper.error(403, "log in from the console: the "
                    + SessionAuthFilter.CONSOLE_HEADER + " header is missing");
        }
        ConsoleLogin.Outcome outcome = login.logIn(body.user(), body.password(), request.getRemoteAddr());
        if (outcome.refused()) {
            return RefusedExceptionMapper.error(429, "Too many failed logins; retry in "
                    + Math.max(1, outcome.retryAfter().toSeconds()) + " s");
        }
        if (!outcome.passed()) {
            return Response.fromResponse(RefusedExceptionMapper.error(401, "wrong user or password"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, SessionAuthFilter.CHALLENGE).build();
        }
        return Response.ok(view(outcome.user()))
                .cookie(cookie(outcome.sessionId(), request.isSecure(), NewCookie.DEFAULT_MAX_AGE)).build();
    }

    @GET
    @Timed
    @RolesAllowed(Roles.VIEWER)
    public SessionView who(@Context SecurityContext security) {
        return view((User) security.getUserPrincipal());
    }

    /** Ends the session, if any, and clears the cookie: 204. */
    @DELETE
    @Timed
    public Response logOut(@CookieParam(ConsoleSessions.COOKIE) String sessionId, @Context HttpServletRequest request) {
        login.logOut(sessionId);
        return Response.noContent().cookie(cookie("", request.isSecure(), 0)).build();
    }

    private SessionView view(User user) {
        return new SessionView(user.name(), user.role(), login.idle().toSeconds());
    }

    private static NewCookie cookie(String value, boolean secure, int maxAge) {
        return new NewCookie.Builder(ConsoleSessions.COOKIE).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
