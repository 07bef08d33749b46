package org.guardian.orchestrator.db;

import com.mchange.v2.c3p0.AbstractConnectionCustomizer;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * How a node opens its PostgreSQL sessions: tagged with its incarnation, with server-side TCP
 * keepalives (a session whose host vanished ends within seconds, not hours), and refused once the
 * incarnation is fenced. A peer fences a node by marking its incarnation and then terminating its
 * tagged sessions; a session opened after that checks the mark before it is used.
 */
public final class NodeSessions {
    private static final String INCARNATION = "guardian.incarnation";
    private static final String FENCE_SOURCE = "guardian.fence-source";
    private static final String TIMELINE = "guardian.timeline";
    private static final String IDLE_IN_TRANSACTION = "guardian.idle-in-transaction";
    private static final String SET_IDLE_IN_TRANSACTION =
            "SELECT set_config('idle_in_transaction_session_timeout', ?, false)";
    private static final String KEEPALIVES = "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2"
            + " -c tcp_keepalives_count=3 -c tcp_user_timeout=15000";
    static final String FENCE = "SELECT fenced_at, fenced_by, fence_reason FROM orchestrator.node_incarnations"
            + " WHERE incarnation = ?";

    private NodeSessions() {
    }

    /** The URL a node's sessions use: {@code base} with its application_name and keepalives. */
    public static String url(String base, NodeIdentity identity) {
        StringBuilder url = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
        url.append("ApplicationName=").append(encode(identity.applicationName()));
        if (!base.contains("options=")) {
            url.append("&options=").append(encode(KEEPALIVES));
        }
        return url.toString();
    }

    /**
     * Unpooled sessions of this node on {@code address}, for short control work: opened within
     * {@code connectTimeoutS} (a server that accepts and then hangs included), each read within
     * {@code socketTimeoutS}.
     */
    public static PGSimpleDataSource direct(DatabaseAddress address, NodeIdentity identity, int connectTimeoutS,
                                            int socketTimeoutS) {
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(address.jdbcUrl());
        direct.setUser(address.user());
        direct.setPassword(address.password());
        direct.setConnectTimeout(connectTimeoutS);
        direct.setLoginTimeout(connectTimeoutS);
        direct.setSocketTimeout(socketTimeoutS);
        direct.setApplicationName(identity.applicationName());
        return direct;
    }

    /**
     * A session of this incarnation outside any pool, checked against the fence; a server refused as
     * an old primary is skipped by the driver's next try, made at once.
     */
    public static Connection open(DatabaseSettings settings, NodeIdentity identity) throws SQLException {
        try {
            return openOnce(settings, identity);
        } catch (SQLException e) {
            if (!PrimaryTimeline.isRefusal(e)) {
                throw e;
            }
            return openOnce(settings, identity);
        }
    }

    private static Connection openOnce(DatabaseSettings settings, NodeIdentity identity) throws SQLException {
        Connection connection = DriverManager.getConnection(url(settings.jdbcUrl(), identity), settings.getUser(),
                settings.getPassword());
        try {
            settings.timelineOf(settings.orchestratorAddress()).check(connection);
            checkNotFenced(connection, identity.incarnation());
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Tags a pool's sessions with this incarnation and checks each new one against the fence and,
     * on a multi-host URL, against the newest primary timeline seen ({@link PrimaryTimeline}).
     */
    public static void tag(ComboPooledDataSource pool, DatabaseSettings settings, NodeIdentity identity) {
        tag(pool, settings, identity, 0);
    }

    /**
     * As {@link #tag(ComboPooledDataSource, DatabaseSettings, NodeIdentity)}, and each session's
     * transactions are ended by PostgreSQL once idle for {@code idleInTransactionMillis} (0: never).
     */
    public static void tag(ComboPooledDataSource pool, DatabaseSettings settings, NodeIdentity identity,
                           long idleInTransactionMillis) {
        pool.setJdbcUrl(url(settings.jdbcUrl(), identity));
        Map<String, Object> extensions = new HashMap<>();
        extensions.put(INCARNATION, identity.incarnation());
        extensions.put(IDLE_IN_TRANSACTION, idleInTransactionMillis);
        extensions.put(TIMELINE, settings.timelineOf(settings.orchestratorAddress()));
        pool.setExtensions(extensions);
        pool.setConnectionCustomizerClassName(FenceCheck.class.getName());
    }

    /**
     * Tags the sessions of a pool on the target database, which has no incarnation registry: each
     * new one is checked against the fence on a connection of {@code orchestrator}, the database
     * that has it. A session opened after the mark is refused; those opened before are terminated
     * by the fencing peer on the target database too. On a multi-host URL an old primary of the
     * target is refused as on the orchestrator's database.
     */
    public static void tagOnTarget(ComboPooledDataSource pool, String baseUrl, NodeIdentity identity,
                                   DataSource orchestrator, PrimaryTimeline timeline) {
        pool.setJdbcUrl(url(baseUrl, identity));
        pool.setExtensions(Map.of(INCARNATION, identity.incarnation(), FENCE_SOURCE, orchestrator, TIMELINE, timeline));
        pool.setConnectionCustomizerClassName(FenceCheckOnOrchestrator.class.getName());
    }

    /** @throws NodeFencedException when the incarnation was fenced, ended or never registered */
    public static void checkNotFenced(Connection connection, long incarnation) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement ps = connection.prepareStatement(FENCE)) {
            ps.setLong(1, incarnation);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NodeFencedException("incarnation " + incarnation + " is not registered");
                }
                if (rs.getTimestamp(1) != null) {
                    throw new NodeFencedException("incarnation " + incarnation + " was ended at "
                            + rs.getTimestamp(1).toInstant() + " by " + rs.getString(2) + ": " + rs.getString(3));
                }
            }
        } finally {
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** c3p0's hook on every new physical connection of a tagged pool. */
    public static final class FenceCheck extends AbstractConnectionCustomizer {
        @Override
        public void onAcquire(Connection connection, String token) throws Exception {
            Map<?, ?> extensions = extensionsForToken(token);
            ((PrimaryTimeline) extensions.get(TIMELINE)).check(connection);
            checkNotFenced(connection, ((Number) extensions.get(INCARNATION)).longValue());
            long idleLimit = ((Number) extensions.get(IDLE_IN_TRANSACTION)).longValue();
            if (idleLimit > 0) {
                try (PreparedStatement ps = connection.prepareStatement(SET_IDLE_IN_TRANSACTION)) {
                    ps.setString(1, idleLimit + "ms");
                    ps.execute();
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            }
        }
    }

    /** c3p0's hook on every new physical connection of a target pool: the fence is read on the orchestrator's database. */
    public static final class FenceCheckOnOrchestrator extends AbstractConnectionCustomizer {
        @Override
        public void onAcquire(Connection connection, String token) throws Exception {
            Map<?, ?> extensions = extensionsForToken(token);
            ((PrimaryTimeline) extensions.get(TIMELINE)).check(connection);
            try (Connection orchestrator = ((DataSource) extensions.get(FENCE_SOURCE)).getConnection()) {
                checkNotFenced(orchestrator, ((Number) extensions.get(INCARNATION)).longValue());
            }
        }
    }
}
