package org.guardian.orchestrator.db;

/**
 * One start of a node process: its node id and the incarnation number the database gave it. Every
 * PostgreSQL session of the process carries {@link #applicationName()}, so that a peer that
 * declares it dead can end them all.
 */
public record NodeIdentity(String nodeId, long incarnation) {
    private static final String TAG = "guardian/";

    /** {@code guardian/<incarnation>/<node id>} (PostgreSQL keeps the first 63 bytes). */
    public String applicationName() {
        return TAG + incarnation + "/" + nodeId;
    }

    /** The incarnation a session's application_name names, or -1 when it is not a node's. */
    public static long incarnationOf(String applicationName) {
        if (applicationName == null || !applicationName.startsWith(TAG)) {
            return -1;
        }
        int end = applicationName.indexOf('/', TAG.length());
        try {
            return Long.parseLong(applicationName.substring(TAG.length(), end < 0 ? applicationName.length() : end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
