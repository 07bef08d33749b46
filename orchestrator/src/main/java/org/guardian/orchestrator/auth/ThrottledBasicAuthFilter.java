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
import java.util.function.Predicate;

/**
 * HTTP Basic authentication that refuses a user + address with 429 for a while after repeated
 * failed logins (see {@link LoginThrottle}). User names that cannot log in count as one user.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ThrottledBasicAuthFilter extends AuthFilter<BasicCredentials, User> {
    /** Stands for every user name that cannot log in, so that made-up names share one throttle entry. */
    static final String UNKNOWN_USER = "?";

    private LoginThrottle throttle;
    private Predicate<String> knownUser;

    @Override
    public void filter(ContainerRequestContext request) {
        BasicCredentials credentials = credentials(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (credentials == null) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        String user = knownUser.test(credentials.getUsername()) ? credentials.getUsername() : UNKNOWN_USER;
        String caller = user + "@" + request.getProperty(ClientAddressFilter.ATTRIBUTE);
        LoginThrottle.Attempt attempt = throttle.attempt(caller,
                () -> authenticate(request, credentials, SecurityContext.BASIC_AUTH));
        if (attempt.refused()) {
            throw tooManyFailures(attempt.retryAfter());
        }
        if (!attempt.passed()) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
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
        private final Predicate<String> knownUser;

        /** @param knownUser whether a user name can log in at all */
        public Builder(LoginThrottle throttle, Predicate<String> knownUser) {
            this.throttle = throttle;
            this.knownUser = knownUser;
        }

        @Override
        protected ThrottledBasicAuthFilter newInstance() {
            ThrottledBasicAuthFilter filter = new ThrottledBasicAuthFilter();
            filter.throttle = throttle;
            filter.knownUser = knownUser;
            return filter;
        }
    }
}
