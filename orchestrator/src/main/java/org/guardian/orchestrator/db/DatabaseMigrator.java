package org.guardian.orchestrator.db;

import org.flywaydb.core.Flyway;
import org.guardian.orchestrator.config.GuardianMigration;

import javax.sql.DataSource;

/**
 * Applies the two Flyway histories: the orchestrator's ({@code sql/orchestrator}: its schema and
 * Quartz's tables, recorded in {@code orchestrator.flyway_schema_history}) to the orchestrator's
 * database, and the Guardian schema's ({@code sql/guardian}, see {@link GuardianHistory}) to the
 * target database where asked.
 */
public final class DatabaseMigrator {
    public static final String SCHEMA = "orchestrator";
    static final String LOCATION = "classpath:db/migration/orchestrator";

    private DatabaseMigrator() {
    }

    /** Both histories on one database (the embedded default, tests). */
    public static void migrate(DataSource database) {
        migrate(database, database, GuardianMigration.APPLY);
    }

    /**
     * The orchestrator's history on {@code orchestrator}, then the Guardian history on
     * {@code target} as {@code guardian} says. A database migrated when both were one history is
     * first split ({@link LegacyGuardianHistory}).
     *
     * @return whether the Guardian history was applied
     */
    public static boolean migrate(DataSource orchestrator, DataSource target, GuardianMigration guardian) {
        LegacyGuardianHistory.split(orchestrator);
        orchestratorHistory(orchestrator).migrate();
        if (!GuardianHistory.applies(target, guardian)) {
            return false;
        }
        GuardianHistory.refuseForeignSchema(target);
        GuardianHistory.flyway(target).migrate();
        return true;
    }

    /** The orchestrator's history on {@code dataSource}. */
    public static Flyway orchestratorHistory(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations(LOCATION)
                .load();
    }
}
