package org.guardian.orchestrator.db;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.Commands;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * ops/db/roles.sql for real: a superuser runs it in an empty database, `db migrate` runs as the
 * migration owner, and a node runs as the node role, which owns nothing (from PostgreSQL 17 on).
 */
@Timeout(300)
@ExtendWith(DropwizardExtensionsSupport.class)
@NeedsServer(ServerNeed.SUPERUSER)
class DatabaseRolesIT {
    private static final TestDatabase DB = TestDatabase.get();
    private static final String OWNER = DB.roleName("orchestrator_owner");
    private static final String NODE = DB.roleName("orchestrator_node");
    private static final String OWNER_PASSWORD = "owner-secret";
    private static final String NODE_PASSWORD = "node-secret";
    private static final Path ROLES_SQL = Path.of("..", "ops", "db", "roles.sql").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String URL = rolesCreatedAndMigratedAsOwner("roles_it");
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("roles-node", URL, NODE,
            NODE_PASSWORD, false);

    private final ApiClient api = new ApiClient(APP);

    @Test
    void aScheduleFiresOnANodeConnectedAsTheNodeRole() {
        assertThat(api.post("admin", "/api/schedules",
                "{\"name\": \"every_second\", \"operation\": \"noop\", \"cron\": \"* * * * * ?\"}").getStatus()).isEqualTo(201);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM orchestrator.job_runs"
                + " WHERE schedule_name = 'every_second' AND trigger_kind = 'CRON' AND status = 'SUCCESS'") > 0);
    }

    @Test
    void everyGuardianOperationSucceedsAsTheNodeRoleIncludingPartitionRetirement() throws Exception {
        query(NODE, "SELECT public.create_monthly_partition('audit_log', DATE '2015-01-01')");
        List<String> operations = List.of("process_cache_invalidation_queue", "check_performance_alerts",
                "refresh_orphan_detection", "refresh_data_quality_metrics", "cleanup_orphaned_data",
                "maintain_database_indexes", "partition_maintenance", "update_performance_baselines",
                "audit_log_cleanup", "generate_monthly_reports", "weekly_performance_benchmark");

        for (String operation : operations) {
            assertThat(api.post("operator", "/api/schedules/" + operation + "/trigger?force=true", "").getStatus())
                    .as(operation).isEqualTo(202);
        }

        for (String operation : operations) {
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name = '"
                    + operation + "' AND trigger_kind = 'MANUAL' AND status <> 'RUNNING'") > 0);
            assertThat(query(OWNER, "SELECT status || ' ' || coalesce(error, '') FROM orchestrator.job_runs"
                    + " WHERE schedule_name = '" + operation + "' AND trigger_kind = 'MANUAL'")).as(operation)
                    .startsWith("SUCCESS");
        }
        assertThat(query(OWNER, "SELECT to_regclass('public.audit_log_p201501')")).as("retired").isNull();
    }

    @Test
    void theNodeRoleRecordsAndListsNotifications() throws Exception {
        assertThat(api.post("admin", "/api/notifications/test", "").getStatus()).isEqualTo(409); // no channel here
        query(NODE, "INSERT INTO orchestrator.notifications (event, scope, channel, recipient, subject, body, payload,"
                + " status, dedupe_key, created_at, raised_by) VALUES ('TEST', 'test', 'WEBHOOK', 'http://x', 's', 'b',"
                + " '{}', 'PENDING', 'roles-it', now(), 'roles-node') RETURNING id");
        query(NODE, "UPDATE orchestrator.notifications SET status = 'SENT' WHERE dedupe_key = 'roles-it' RETURNING id");
        assertThat(api.get("viewer", "/api/notifications?status=SENT").readEntity(String.class)).contains("roles-node");
    }

    @Test
    void theNodeVacuumsTheSchedulersHotTables() {
        await().atMost(WAIT).until(() -> query(OWNER, "SELECT last_vacuum FROM pg_stat_user_tables"
                + " WHERE schemaname = 'orchestrator' AND relname = 'qrtz_triggers'") != null);
    }

    @Test
    void theNodeRoleCanNeitherCreateNorAlterNorDrop() {
        assumeTrue(DB.majorVersion() >= 17, "PostgreSQL " + DB.majorVersion() + " has no MAINTAIN privilege:"
                + " roles.sql makes the node role a member of the owner there");
        assertThatThrownBy(() -> query(NODE, "CREATE TABLE orchestrator.intruder (id INT)"))
                .hasMessageContaining("permission denied for schema orchestrator");
        assertThatThrownBy(() -> query(NODE, "CREATE TABLE public.intruder (id INT)"))
                .hasMessageContaining("permission denied for schema public");
        assertThatThrownBy(() -> query(NODE, "ALTER TABLE orchestrator.job_runs ADD COLUMN intruder INT"))
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> query(NODE, "DROP TABLE public.patients"))
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> query(NODE, "TRUNCATE orchestrator.job_runs"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> query(NODE, "SELECT public.retire_audit_log_partition('patients', false)"))
                .hasMessageContaining("not a partition of public.audit_log");
    }

    @Test
    void theNodeRoleIsAMemberOfTheOwnerOnlyBeforePostgres17() throws Exception {
        String member = query(NODE, "SELECT pg_has_role(current_user, '" + OWNER + "', 'USAGE')");

        assertThat(member).as("member of the owner on PostgreSQL " + DB.majorVersion())
                .isEqualTo(DB.majorVersion() < 17 ? "t" : "f");
    }

    @Test
    void aNodeRoleSessionTerminatesAnotherNodeRoleSession() throws Exception {
        try (Connection peer = TestDatabase.dataSource(URL, NODE, NODE_PASSWORD).getConnection()) {
            String pid = scalar(peer, "SELECT pg_backend_pid()");

            assertThat(query(NODE, "SELECT pg_terminate_backend(" + pid + ")")).isEqualTo("t");
        }
    }

    @Test
    void theNodeRoleIsNoSuperuser() throws Exception {
        assertThat(query(NODE, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"))
                .isEqualTo("f");
    }

    /** Runs roles.sql as the superuser in a new database, then `db migrate` as the owner; returns the URL. */
    private static String rolesCreatedAndMigratedAsOwner(String database) {
        String url = DB.emptyDatabase(database);
        try (Connection superuser = DB.dataSource(url).getConnection();
             Statement statement = superuser.createStatement()) {
            statement.execute("SET orchestrator.owner_role = '" + OWNER + "'");
            statement.execute("SET orchestrator.node_role = '" + NODE + "'");
            statement.execute("SET orchestrator.owner_password = '" + OWNER_PASSWORD + "'");
            statement.execute("SET orchestrator.node_password = '" + NODE_PASSWORD + "'");
            statement.execute(Files.readString(ROLES_SQL));
            migrateAsOwner(url);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    private static void migrateAsOwner(String url) throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "migrate-as-owner", ".yml");
        Files.writeString(config, "database:\n  url: " + url + "\n  user: " + OWNER + "\n  password: " + OWNER_PASSWORD + "\n"
                + "  target:\n    migrateGuardian: true\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Optional<Throwable> failure = Commands.run(err, "db", "migrate", config.toString());
        if (failure.isPresent()) {
            throw new IllegalStateException(err.toString(StandardCharsets.UTF_8), failure.get());
        }
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(query(OWNER, sql));
    }

    private static String query(String user, String sql) throws SQLException {
        DataSource dataSource = TestDatabase.dataSource(URL, user, user.equals(OWNER) ? OWNER_PASSWORD : NODE_PASSWORD);
        try (Connection connection = dataSource.getConnection()) {
            return scalar(connection, sql);
        }
    }

    private static String scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return null;
            }
            try (ResultSet rs = statement.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
