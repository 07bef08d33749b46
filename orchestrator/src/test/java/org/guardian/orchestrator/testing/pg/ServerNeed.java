package org.guardian.orchestrator.testing.pg;

/** What a test may need of the PostgreSQL server beyond databases on it, and which providers can give it. */
public enum ServerNeed {
    /** Stopping the server and starting it again on the same port and data (an outage, a restart). */
    STOP_AND_START("needs to stop and start the database server"),
    /** A second server, whose sessions and backend pids are not the first one's. */
    SECOND_SERVER("needs a second database server"),
    /** A superuser (roles.sql, extensions only a superuser may install). */
    SUPERUSER("needs a superuser on the database server"),
    /** A server of its own started with settings of the test's choosing (shared_preload_libraries). */
    SERVER_SETTINGS("needs a server of its own started with its own settings (shared_preload_libraries)"),
    /**
     * A primary and hot standby of its own, built from Debian's binaries whatever the provider: the
     * pass on an external server would only build the same pair again, so it is not run there.
     */
    STANDBY_PAIR("builds its own primary and standby from Debian's binaries; run in the embedded pass only");

    private final String reason;

    ServerNeed(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
