package org.guardian.orchestrator.api;

/** Who is logged in, with which role, and how long a console session lasts without a request. */
public record SessionView(String user, String role, long idleTimeoutSeconds) {
}
