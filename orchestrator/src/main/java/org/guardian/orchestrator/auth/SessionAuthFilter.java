package org.guardian.orchestrator.auth;

import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Set;

/**
 * Authenticates a console session cookie. A request that may change something (not GET, HEAD or
 * OPTIONS) must also carry {@value #CONSOLE_HEADER} and, if the browser names an Origin, come from
 * this node's own origin: another site can make a browser send the cookie, but not that header.
 */
@Priority(Priorities.AUTHENTICATION)
public final class SessionAuthFilter extends AuthFilter<String, User> {
    public static final String CONSOLE_HEADER = "X-Guardian-Console";
    /** The challenge of a 401 to a console request: not Basic, so the browser opens no password dialog. */
    public static final String CHALLENGE = "GuardianSession";
    static final String SCHEME = "SESSION";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(ConsoleSessions.COOKIE);
        if (!authenticate(request, cookie == null ? null : cookie.getValue(), SCHEME)) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !sameOrigin(request)) {
            throw new WebApplicationException("A console request that changes something needs the "
                    + CONSOLE_HEADER + " header and this node's origin", Response.Status.FORBIDDEN);
        }
    }

    /** True when the console's header is there and the Origin, if any, is this node's. */
    static boolean sameOrigin(ContainerRequestContext request) {
        if (request.getHeaderString(CONSOLE_HEADER) == null) {
            return false;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return true;
        }
        URI base = request.getUriInfo().getBaseUri();
        String own = base.getScheme() + "://" + base.getAuthority();
        return origin.equalsIgnoreCase(own);
    }

    /** Builds the filter. */
    public static final class Builder extends AuthFilterBuilder<String, User, SessionAuthFilter> {
        @Override
        protected SessionAuthFilter newInstance() {
            return new SessionAuthFilter();
        }
    }
}
