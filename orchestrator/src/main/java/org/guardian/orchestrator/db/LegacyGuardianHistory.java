package org.guardian.orchestrator.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a history written when the Guardian schema was part of the orchestrator's: such a
 * database records the Guardian scripts as versions 10 to 13 and 19 of
 * {@code orchestrator.flyway_schema_history}. Their objects stay; the Guardian history of the same
 * database starts at the version they reached (a Flyway baseline, so none of them runs again), and
 * their rows leave the orchestrator's history, which then matches {@code sql/orchestrator}. Runs
 * before the orchestrator's history, under an advisory lock; finds nothing to do once done.
 */
final class LegacyGuardianHistory {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyGuardianHistory.class);
    /** The Guardian scripts of the single history, in order: the n-th is version n of the Guardian history. */
    static final List<String> SCRIPTS = List.of("V10__guardian_core.sql", "V11__guardian_cache.sql",
            "V12__guardian_partitions.sql", "V13__guardian_monitoring.sql", "V19__partition_functions_run_as_owner.sql");

    private static final String HISTORY = DatabaseMigrator.SCHEMA + ".flyway_schema_history";
    private static final String APPLIED = "SELECT script FROM " + HISTORY + " WHERE success AND script = ANY(?)";
    private static final String FORGET = "DELETE FROM " + HISTORY + " WHERE script = ANY(?)";

    private LegacyGuardianHistory() {
    }

    /** Splits the history of {@code orchestrator}'s database if it still holds Guardian scripts. */
    static void split(DataSource orchestrator) {
        try (Connection connection = orchestrator.getConnection()) {
            if (!exists(connection)) {
                return;
            }
            connection.setAutoCommit(false);
            try {
                lock(connection);
                List<String> applied = applied(connection);
                if (!applied.isEmpty()) {
                    moveToGuardianHistory(orchestrator, connection, applied);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot split the Guardian migrations out of " + HISTORY + ": "
                    + e.getMessage(), e);
        }
    }

    private static void moveToGuardianHistory(DataSource orchestrator, Connection connection, List<String> applied)
            throws SQLException {
        String version = reached(applied);
        if (!GuardianHistory.exists(orchestrator)) {
            GuardianHistory.configure(orchestrator).baselineVersion(version)
                    .baselineDescription("Guardian schema migrated in the single history of earlier releases").load().baseline();
        }
        try (PreparedStatement ps = connection.prepareStatement(FORGET)) {
            ps.setArray(1, connection.createArrayOf("text", SCRIPTS.toArray()));
            ps.executeUpdate();
        }
        LOG.info("Split the Guardian migrations {} out of {}: {}.{} starts at version {}", applied, HISTORY,
                GuardianHistory.SCHEMA, GuardianHistory.TABLE, version);
    }

    /** The Guardian version the applied scripts reached; they must be the first ones, in order. */
    static String reached(List<String> applied) {
        for (String script : SCRIPTS.subList(0, applied.size())) {
            if (!applied.contains(script)) {
                throw new IllegalStateException("The Guardian migrations " + applied + " of " + HISTORY + " skip "
                        + script + ": cannot tell which version the Guardian schema is at");
            }
        }
        return String.valueOf(applied.size());
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, AdvisoryLocks.CLUSTER_TASKS);
            ps.setInt(2, AdvisoryLocks.HISTORY_SPLIT);
            ps.execute();
        }
    }

    private static List<String> applied(Connection connection) throws SQLException {
        List<String> scripts = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(APPLIED)) {
            ps.setArray(1, connection.createArrayOf("text", SCRIPTS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scripts.add(rs.getString(1));
                }
            }
        }
        return scripts;
    }
}
