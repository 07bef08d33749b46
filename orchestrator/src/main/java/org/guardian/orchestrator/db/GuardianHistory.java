package org.guardian.orchestrator.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.guardian.orchestrator.config.GuardianMigration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The Guardian schema's own Flyway history ({@code sql/guardian}), recorded in
 * {@code public.guardian_schema_history} beside the objects it creates. It is never started in a
 * {@code public} schema that holds tables already (a real Guardian database): it only ever creates
 * the schema, never collides with one it did not create.
 */
public final class GuardianHistory {
    public static final String SCHEMA = "public";
    public static final String TABLE = "guardian_schema_history";
    static final String LOCATION = "classpath:db/migration/guardian";

    private GuardianHistory() {
    }

    /** The Guardian history on {@code dataSource}. */
    public static Flyway flyway(DataSource dataSource) {
        return configure(dataSource).load();
    }

    static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .table(TABLE)
                .locations(LOCATION);
    }

    /** Whether the Guardian migrations are to run on {@code target}. */
    static boolean applies(DataSource target, GuardianMigration guardian) {
        return switch (guardian) {
            case APPLY -> true;
            case SKIP -> false;
            case WHERE_HISTORY_EXISTS -> exists(target);
        };
    }

    /** Whether {@code dataSource}'s database holds the Guardian history. */
    public static boolean exists(DataSource dataSource) {
        return query(dataSource, "SELECT to_regclass('" + SCHEMA + "." + TABLE + "') IS NOT NULL");
    }

    /** @throws IllegalStateException when the target holds tables in public but not this history (a real Guardian database) */
    static void refuseForeignSchema(DataSource target) {
        if (!exists(target) && query(target, "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public')")) {
            throw new IllegalStateException("The target database holds tables in schema public but no "
                    + SCHEMA + "." + TABLE + ": its Guardian schema was not created by these migrations, which would"
                    + " collide with it. Leave ORCH_MIGRATE_GUARDIAN unset (or false) for a real Guardian database.");
        }
    }

    private static boolean query(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the target database: " + e.getMessage(), e);
        }
    }
}
