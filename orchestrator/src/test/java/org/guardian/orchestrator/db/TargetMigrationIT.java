package org.guardian.orchestrator.db;

import org.guardian.orchestrator.testing.Commands;
import org.guardian.orchestrator.testing.TargetServer;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db migrate} with a target database: the orchestrator's history goes to the orchestrator's
 * database; the Guardian history goes to the target only when asked, and never onto a Guardian
 * schema it did not create.
 */
@Timeout(180)
class TargetMigrationIT {
    private static final TestDatabase DB = TestDatabase.get();
    private static final TargetServer TARGET_SERVER = TargetServer.get();
    private static final String CATALOG = "SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ','"
            + " ORDER BY n.nspname, c.relname) || ' ' || (SELECT count(*) FROM pg_proc p JOIN pg_namespace pn"
            + " ON pn.oid = p.pronamespace WHERE pn.nspname = 'public') FROM pg_class c JOIN pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

    @Test
    void dbMigrateLeavesAGuardianDatabaseAsItFoundIt() throws Exception {
        String orchestrator = DB.emptyDatabase("migrate_orchestrator");
        String target = TARGET_SERVER.guardianDatabase("migrate_guardian");
        String before = scalar(TARGET_SERVER.dataSource(target), CATALOG);

        Optional<String> failure = dbMigrate(orchestrator, target, null);

        assertThat(failure).isEmpty();
        assertThat(scalar(TARGET_SERVER.dataSource(target), CATALOG)).isEqualTo(before);
        assertThat(scalar(orchestratorDb(orchestrator), "SELECT to_regclass('orchestrator.maintenance_schedules')"))
                .isNotNull();
        assertThat(scalar(orchestratorDb(orchestrator), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .isEqualTo("0");
    }

    @Test
    void askedToMigrateAGuardianSchemaItDidNotCreateDbMigrateRefusesAndChangesNothing() throws Exception {
        String orchestrator = DB.emptyDatabase("refused_orchestrator");
        String target = TARGET_SERVER.guardianDatabase("refused_guardian");
        String before = scalar(TARGET_SERVER.dataSource(target), CATALOG);

        Optional<String> failure = dbMigrate(orchestrator, target, true);

        assertThat(failure).hasValueSatisfying(message -> assertThat(message)
                .contains("Leave ORCH_MIGRATE_GUARDIAN unset"));
        assertThat(scalar(TARGET_SERVER.dataSource(target), CATALOG)).isEqualTo(before);
    }

    @Test
    void askedToMigrateAnEmptyTargetDbMigrateCreatesTheGuardianSchemaThereOnly() throws Exception {
        String orchestrator = DB.emptyDatabase("demo_orchestrator");
        String target = TARGET_SERVER.emptyDatabase("demo_guardian");

        Optional<String> failure = dbMigrate(orchestrator, target, true);

        assertThat(failure).isEmpty();
        assertThat(scalar(TARGET_SERVER.dataSource(target), "SELECT string_agg(version, ',' ORDER BY installed_rank)"
                + " FROM public.guardian_schema_history")).isEqualTo("1,2,3,4,5,6,7,8");
        assertThat(scalar(orchestratorDb(orchestrator), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .isEqualTo("0");
    }

    /** Runs {@code db migrate} as a user would configure it; returns its error output if it failed. */
    private static Optional<String> dbMigrate(String orchestrator, String target, Boolean migrateGuardian)
            throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "migrate-target", ".yml");
        Files.writeString(config, "database:\n  url: " + orchestrator + "\n  user: " + DB.user()
                + "\n  password: " + Commands.yaml(DB.password()) + "\n  target:\n"
                + "    url: " + target + "\n    user: " + TARGET_SERVER.user() + "\n"
                + "    password: " + Commands.yaml(TARGET_SERVER.password()) + "\n"
                + (migrateGuardian == null ? "" : "    migrateGuardian: " + migrateGuardian + "\n"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        return Commands.run(err, "db", "migrate", config.toString())
                .map(failure -> err.toString(StandardCharsets.UTF_8) + failure);
    }

    private static DataSource orchestratorDb(String url) {
        return DB.dataSource(url);
    }

    private static String scalar(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
