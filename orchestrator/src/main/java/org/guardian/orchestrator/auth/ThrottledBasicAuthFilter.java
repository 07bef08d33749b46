package org.guardian.orchestrator.auth;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.basic.BasicCredentials;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * HTTP Basic authentication that refuses a user + address with 429 for a while after repeated
 * failed logins (see {@link LoginThrottle}).
 */
@Priority(Priorities.AUTHENTICATION)
public final class ThrottledBasicAuthFilter extends AuthFilter<BasicCredentials, User> {
    private LoginThrottle throttle;

    @Override
    public void filter(ContainerRequestContext request) {
        BasicCredentials credentials = credentials(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (credentials == null) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        String caller = credentials.getUsername() + "@" + request.getProperty(ClientAddressFilter.ATTRIBUTE);
        Duration wait = throttle.retryAfter(caller);
        if (!wait.isZero()) {
            throw tooManyFailures(wait);
        }
        if (!authenticate(request, credentials, SecurityContext.BASIC_AUTH)) {
            throttle.failed(caller);
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        throttle.succeeded(caller);
    }

    private static WebApplicationException tooManyFailures(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        // No Retry-After header: HTTP clients that honour it would silently wait out the lockout.
        return new WebApplicationException("Too many failed logins; retry in " + seconds + " s",
                Response.status(Response.Status.TOO_MANY_REQUESTS).build());
    }

    static BasicCredentials credentials(String header) {
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        if (space <= 0 || !"Basic".equalsIgnoreCase(header.substring(0, space))) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Builds the filter. */
    public static final class Builder extends AuthFilterBuilder<BasicCredentials, User, ThrottledBasicAuthFilter> {
        private final LoginThrottle throttle;

        public Builder(LoginThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected ThrottledBasicAuthFilter newInstance() {
            ThrottledBasicAuthFilter filter = new ThrottledBasicAuthFilter();
            filter.throttle = throttle;
            return filter;
        }
    }
}
