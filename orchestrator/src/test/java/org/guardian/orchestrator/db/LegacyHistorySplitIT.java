package org.guardian.orchestrator.db;

import org.flywaydb.core.Flyway;
import org.guardian.orchestrator.config.GuardianMigration;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database migrated when the Guardian schema was part of the orchestrator's history upgrades to
 * the two histories: validation passes, no Guardian script runs again, and the Guardian history goes
 * on from where the old one stopped. The earlier layout is put together from today's files, which
 * keep their bytes (a migration's checksum never changes), under their earlier versions.
 */
@Timeout(180)
class LegacyHistorySplitIT {
    private static final TestDatabase DB = TestDatabase.get();
    private static final Path LEGACY_LAYOUT = legacyLayout();
    private static final String MARKER = "INSERT INTO public.patients (full_name) VALUES ('kept through the upgrade')";

    @Test
    void aDatabaseOfTheSingleHistoryMigratesWithoutRunningAGuardianScriptAgain() throws Exception {
        DataSource db = migratedAsBefore("split_latest", null);
        execute(db, MARKER);

        DatabaseMigrator.migrate(db, db, GuardianMigration.WHERE_HISTORY_EXISTS);

        assertThat(rows(db, "SELECT version FROM orchestrator.flyway_schema_history WHERE version IS NOT NULL"
                + " ORDER BY installed_rank")).containsExactly("1", "2", "3", "4", "14", "15", "16", "17", "18", "20", "21",
                "22", "23", "24", "25", "26");
        assertThat(rows(db, "SELECT version || ' ' || type FROM public.guardian_schema_history ORDER BY installed_rank"))
                .containsExactly("5 BASELINE", "6 SQL", "7 SQL", "8 SQL");
        assertThat(rows(db, "SELECT full_name FROM public.patients")).containsExactly("kept through the upgrade");
        assertThat(DatabaseMigrator.orchestratorHistory(db).validateWithResult().validationSuccessful).isTrue();
        assertThat(GuardianHistory.flyway(db).validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void migratingAgainAfterTheSplitDoesNothing() {
        DataSource db = migratedAsBefore("split_twice", null);
        DatabaseMigrator.migrate(db, db, GuardianMigration.WHERE_HISTORY_EXISTS);

        DatabaseMigrator.migrate(db, db, GuardianMigration.APPLY);

        assertThat(DatabaseMigrator.orchestratorHistory(db).migrate().migrationsExecuted).isZero();
        assertThat(GuardianHistory.flyway(db).migrate().migrationsExecuted).isZero();
    }

    @Test
    void aDatabaseMigratedBeforeTheLaterScriptsGetsThemFromTheRightHistory() throws Exception {
        DataSource db = migratedAsBefore("split_before_later", "16");

        DatabaseMigrator.migrate(db, db, GuardianMigration.WHERE_HISTORY_EXISTS);

        assertThat(rows(db, "SELECT version || ' ' || type || ' ' || success FROM public.guardian_schema_history"
                + " ORDER BY installed_rank")).containsExactly("4 BASELINE true", "5 SQL true", "6 SQL true", "7 SQL true", "8 SQL true");
        assertThat(rows(db, "SELECT max(version::int)::text FROM orchestrator.flyway_schema_history")).containsExactly("26");
        assertThat(rows(db, "SELECT prosecdef::text FROM pg_proc WHERE proname = 'create_monthly_partition'"))
                .containsExactly("true");
        assertThat(rows(db, "SELECT to_regclass('orchestrator.node_incarnations')::text")).containsExactly("orchestrator.node_incarnations");
    }

    @Test
    void withTheGuardianMigrationsOffTheSplitStillRecordsWhereTheGuardianSchemaStands() throws Exception {
        DataSource db = migratedAsBefore("split_guardian_off", "16");

        DatabaseMigrator.migrate(db, db, GuardianMigration.SKIP);

        assertThat(rows(db, "SELECT version || ' ' || type FROM public.guardian_schema_history ORDER BY installed_rank"))
                .containsExactly("4 BASELINE");
        assertThat(rows(db, "SELECT prosecdef::text FROM pg_proc WHERE proname = 'create_monthly_partition'"))
                .containsExactly("false");
        assertThat(DatabaseMigrator.orchestratorHistory(db).validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void aNewDatabaseGetsTwoHistoriesAndTheOrchestratorsHoldsNoGuardianScript() throws Exception {
        DataSource db = DB.freshlyMigratedDatabase("split_new");

        assertThat(rows(db, "SELECT script FROM orchestrator.flyway_schema_history WHERE script ILIKE '%guardian%'"))
                .isEmpty();
        assertThat(rows(db, "SELECT version FROM public.guardian_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    }

    /** A new database migrated by the single history of the earlier layout, up to {@code target} (null: all). */
    private static DataSource migratedAsBefore(String name, String target) {
        DataSource db = DB.dataSource(DB.emptyDatabase(name));
        var config = Flyway.configure().dataSource(db).schemas(DatabaseMigrator.SCHEMA)
                .defaultSchema(DatabaseMigrator.SCHEMA).locations("filesystem:" + LEGACY_LAYOUT);
        (target == null ? config : config.target(target)).load().migrate();
        return db;
    }

    /** sql/orchestrator's files as they were, and sql/guardian's V1-V5 as the orchestrator's V10-V13 and V19. */
    private static Path legacyLayout() {
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "legacy-single-history");
            Path sql = Path.of("..", "sql");
            try (var files = Files.list(sql.resolve("orchestrator"))) {
                for (Path file : files.filter(LegacyHistorySplitIT::releasedBeforeTheSplit).toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            Map<String, String> guardian = Map.of("V1", "V10", "V2", "V11", "V3", "V12", "V4", "V13", "V5", "V19");
            try (var files = Files.list(sql.resolve("guardian"))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    String version = name.substring(0, name.indexOf("__"));
                    if (!guardian.containsKey(version)) {
                        continue; // released after the split: never part of the single history
                    }
                    Files.copy(file, dir.resolve(guardian.get(version) + name.substring(version.length())));
                }
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The orchestrator's migrations of the earlier layout: up to V17 (later ones came after the split). */
    private static boolean releasedBeforeTheSplit(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__"))) <= 17;
    }

    private static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(DataSource db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
