package org.guardian.orchestrator.core;

/** Why an attempt started. */
public enum TriggerKind {
    /** The schedule's cron said so. */
    CRON,
    /** A retry after a FAILED or TIMEOUT attempt. */
    RETRY,
    /** An operator asked for it ("run now"). */
    MANUAL,
    /** Its node died mid-attempt and another node runs it again. */
    RECOVERY
}
