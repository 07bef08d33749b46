package org.guardian.orchestrator.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Applies the Flyway migrations of {@code sql/} (packaged as {@code db/migration}). */
public final class DatabaseMigrator {
    public static final String SCHEMA = "orchestrator";

    private DatabaseMigrator() {
    }

    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
