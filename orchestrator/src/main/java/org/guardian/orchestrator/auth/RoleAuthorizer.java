package org.guardian.orchestrator.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** {@code @RolesAllowed("operator")} admits operators and admins. */
public final class RoleAuthorizer implements Authorizer<User> {
    @Override
    public boolean authorize(User user, String role, ContainerRequestContext context) {
        return user.may(role);
    }
}
