package org.guardian.orchestrator.auth;

import java.security.Principal;

/** An authenticated caller: one of the built-in users and its role. */
public record User(String name, String role) implements Principal {

    @Override
    public String getName() {
        return name;
    }

    public boolean may(String requiredRole) {
        return Roles.includes(role, requiredRole);
    }
}
