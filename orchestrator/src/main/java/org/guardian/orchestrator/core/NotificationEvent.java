package org.guardian.orchestrator.core;

/** What a notification tells. The first five concern a schedule; the others the cluster. */
public enum NotificationEvent {
    /** Suppressed after too many consecutive final failures. */
    SUPPRESSED,
    BLOCKED,
    UNBLOCKED,
    /** An attempt failed and no retry follows. */
    FAILED,
    /** An attempt was cancelled at its deadline. */
    TIMEOUT,
    /** A node was declared dead and fenced. */
    NODE_DEAD,
    /** The Guardian alert check raised a CRITICAL alert. */
    ALERT_CRITICAL,
    /** Sent by {@code POST /api/notifications/test}. */
    TEST
}
