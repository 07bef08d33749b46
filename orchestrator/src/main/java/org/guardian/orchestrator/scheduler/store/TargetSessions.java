package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;
import org.guardian.orchestrator.db.PrimaryTimeline;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A fenced node's sessions on the target database, when the operations run on a database other
 * than the orchestrator's: the fence ends them there as well, over a session the fencing node
 * opens for it (never on an old primary of the target). A target that cannot be reached leaves the
 * fence incomplete.
 */
final class TargetSessions {
    static final TargetSessions NONE = new TargetSessions(null, null, PrimaryTimeline.NONE);
    private static final int CONNECT_TIMEOUT_S = 5;
    private static final int SOCKET_TIMEOUT_S = (int) (Fencer.TERMINATE_WAIT_MS / 1000) + 10;

    private final DatabaseAddress target;
    private final NodeIdentity fencer;
    private final PrimaryTimeline timeline;

    private TargetSessions(DatabaseAddress target, NodeIdentity fencer, PrimaryTimeline timeline) {
        this.target = target;
        this.fencer = fencer;
        this.timeline = timeline;
    }

    /** The target of {@code settings}, reached as {@code fencer}; {@link #NONE} when it is the orchestrator's database. */
    static TargetSessions of(DatabaseSettings settings, NodeIdentity fencer) {
        if (!settings.hasSeparateTarget()) {
            return NONE;
        }
        DatabaseAddress target = settings.targetAddress();
        return new TargetSessions(target, fencer, settings.timelineOf(target));
    }

    /**
     * Terminates the sessions of these incarnations on the target database.
     *
     * @return how many were terminated
     * @throws SQLException when the target cannot be reached or a session did not end in time
     */
    int terminate(List<Long> incarnations) throws SQLException {
        if (target == null || incarnations.isEmpty()) {
            return 0;
        }
        try (Connection connection = open()) {
            return Fencer.terminate(connection, incarnations);
        } catch (SQLException e) {
            throw new SQLException("Cannot end the sessions of incarnations " + incarnations
                    + " on the target database " + target.jdbcUrl() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private Connection open() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(NodeSessions.url(target.jdbcUrl(), fencer));
        dataSource.setUser(target.user());
        dataSource.setPassword(target.password());
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_S);
        dataSource.setSocketTimeout(SOCKET_TIMEOUT_S);
        Connection connection = dataSource.getConnection();
        try {
            timeline.check(connection);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }
}
