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
 * {@code public.guardian_schema_history} beside the objects it creates. Flyway refuses to start it
 * in a {@code public} schema that holds tables already (a real Guardian database), so it can only
 * ever create the schema, never collide with one it did not create.
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
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT to_regclass('" + SCHEMA + "." + TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the target database: " + e.getMessage(), e);
        }
    }
}
