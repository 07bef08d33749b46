package org.guardian.orchestrator.resources;

import jakarta.ws.rs.core.SecurityContext;

/** The name of the authenticated caller, for audit rows. */
final class Users {
    private Users() {
    }

    static String of(SecurityContext context) {
        return context.getUserPrincipal().getName();
    }
}
