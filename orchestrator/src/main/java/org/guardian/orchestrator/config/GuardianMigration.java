package org.guardian.orchestrator.config;

/** Whether the Guardian schema migrations are applied to the target database. */
public enum GuardianMigration {
    /** Always ({@code ORCH_MIGRATE_GUARDIAN=true}). */
    APPLY,
    /** Never ({@code ORCH_MIGRATE_GUARDIAN=false}): a real Guardian database, whose schema is not ours. */
    SKIP,
    /** Only where their history already is: a database whose Guardian schema these migrations created. */
    WHERE_HISTORY_EXISTS
}
