package org.guardian.orchestrator.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The API's authentication: HTTP Basic when the request has an Authorization header, else the
 * console's session cookie. The console's own requests get a 401 without a Basic challenge, so
 * that the browser shows the console's login form rather than its own password dialog.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiAuthFilter implements ContainerRequestFilter {
    private final ThrottledBasicAuthFilter basic;
    private final SessionAuthFilter session;

    public ApiAuthFilter(ThrottledBasicAuthFilter basic, SessionAuthFilter session) {
        this.basic = basic;
        this.session = session;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            basic.filter(request);
        } else if (request.getCookies().containsKey(ConsoleSessions.COOKIE)) {
            session.filter(request);
        } else if (request.getHeaderString(SessionAuthFilter.CONSOLE_HEADER) != null) {
            throw consoleLoginNeeded();
        } else {
            basic.filter(request);
        }
    }

    static WebApplicationException consoleLoginNeeded() {
        return new WebApplicationException("Log in first", Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, SessionAuthFilter.CHALLENGE).build());
    }
}
