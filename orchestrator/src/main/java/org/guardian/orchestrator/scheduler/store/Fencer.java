package org.guardian.orchestrator.scheduler.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fences a node declared dead: marks its live incarnations ended (so that no new session of them
 * passes its check), then terminates every session they still have, on the orchestrator's database
 * and on the target database when the operations run on another one, and waits for each to be
 * gone. Until it returns the node may still commit; once it has, nothing of it can. Idempotent: a
 * second call finds nothing to mark and nothing to terminate.
 */
final class Fencer {
    private static final Logger LOG = LoggerFactory.getLogger(Fencer.class);
    /** How long PostgreSQL may take to end one terminated session before the fence goes on. */
    static final long TERMINATE_WAIT_MS = 5_000;

    static final String MARK = "UPDATE orchestrator.node_incarnations SET fenced_at = clock_timestamp(),"
            + " fenced_by = ?, fence_reason = ? WHERE node_id = ? AND fenced_at IS NULL AND incarnation <> ?"
            + " RETURNING incarnation";
    /** Incarnations of the node fenced lately, whose sessions may still be open. */
    static final String RECENTLY_FENCED = "SELECT incarnation FROM orchestrator.node_incarnations"
            + " WHERE node_id = ? AND incarnation <> ? AND fenced_at > clock_timestamp() - INTERVAL '10 minutes'";
    /**
     * The sessions of these incarnations on the connection's database (other databases of the server
     * have their own), and those not ended in time. A session gone before its signal is among the
     * latter, hence {@link #STILL_THERE}.
     */
    static final String TERMINATE = "SELECT count(*), coalesce(array_agg(pid) FILTER (WHERE NOT"
            + " pg_terminate_backend(pid, ?)), '{}') FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            + " AND datname = current_database() AND application_name LIKE 'guardian/%'"
            + " AND split_part(application_name, '/', 2) = ANY(?::text[])";
    /** Of these sessions, those still there (after pg_stat_clear_snapshot(): a fresh view), not a reused pid. */
    static final String STILL_THERE = "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(?::int[])"
            + " AND application_name LIKE 'guardian/%' AND split_part(application_name, '/', 2) = ANY(?::text[])";

    private Fencer() {
    }

    /**
     * @param connection a session on the orchestrator's database
     * @param target     the node's sessions on the target database, or {@link TargetSessions#NONE}
     * @param self       the incarnation fencing (never fenced by its own call)
     * @param fencer     who fences, for the record
     * @return the incarnations this call marked (empty when another node fenced them first)
     */
    static List<Long> fence(Connection connection, TargetSessions target, String nodeId, long self, String fencer,
                            String reason) throws SQLException {
        List<Long> marked = longs(connection, MARK, fencer, reason, nodeId, self);
        List<Long> open = longs(connection, RECENTLY_FENCED, nodeId, self);
        int terminated = terminate(connection, open) + target.terminate(open);
        if (!marked.isEmpty()) {
            LOG.warn("Fenced node {} (incarnation {}): {}; {} of its sessions terminated", nodeId,
                    marked.size() == 1 ? marked.get(0) : marked, reason, terminated);
        } else if (terminated > 0) {
            LOG.warn("Terminated {} sessions left by node {}, whose incarnations {} have ended ({})", terminated,
                    nodeId, open, reason);
        }
        return marked;
    }

    /**
     * Terminates the sessions of these incarnations on the database of {@code connection}.
     *
     * @return how many were terminated
     * @throws SQLException when one of them did not end in time: the fence is not complete
     */
    static int terminate(Connection connection, List<Long> incarnations) throws SQLException {
        if (incarnations.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(TERMINATE)) {
            ps.setLong(1, TERMINATE_WAIT_MS);
            Array names = connection.createArrayOf("text", incarnations.stream().map(String::valueOf).toArray());
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long open = stillThere(connection, rs.getArray(2), names);
                if (open > 0) {
                    throw new SQLException(open + " sessions of incarnations " + incarnations
                            + " did not end within " + TERMINATE_WAIT_MS + " ms: the fence is not complete yet");
                }
                return rs.getInt(1);
            }
        }
    }

    private static long stillThere(Connection connection, Array notEnded, Array incarnations) throws SQLException {
        if (((Object[]) notEnded.getArray()).length == 0) {
            return 0;
        }
        longs(connection, "SELECT 0 FROM pg_stat_clear_snapshot()");
        return longs(connection, STILL_THERE, notEnded, incarnations).get(0);
    }

    private static List<Long> longs(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values;
        }
    }
}
