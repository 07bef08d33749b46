package org.guardian.orchestrator.notify;

/** Where a notification goes. */
public enum Channel {
    EMAIL,
    WEBHOOK
}
