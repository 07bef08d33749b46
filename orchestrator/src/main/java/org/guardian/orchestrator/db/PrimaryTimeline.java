package org.guardian.orchestrator.db;

import org.postgresql.core.BaseConnection;
import org.postgresql.hostchooser.GlobalHostStatusTracker;
import org.postgresql.hostchooser.HostStatus;
import org.postgresql.util.HostSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The newest timeline a node has seen the primary of its database on. A promoted standby writes on
 * a new timeline; an old primary that comes back still answers as a primary, so PgJDBC's
 * {@code targetServerType=primary} may pick it first, but on an older timeline. A session opened
 * there is refused and its host reported to PgJDBC as no primary, so that the next try skips it
 * (for {@code hostRecheckSeconds}). It cannot tell which is right before the node saw the new
 * timeline: that fencing is the failover manager's.
 */
public final class PrimaryTimeline {
    /** For a URL naming one host: checks nothing. */
    public static final PrimaryTimeline NONE = new PrimaryTimeline(false);
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryTimeline.class);
    /** The timeline of the WAL the primary writes (the first 8 hex digits of its current WAL file's name). */
    static final String QUERY = "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint";
    /** PostgreSQL's "server rejected the connection". */
    static final String REFUSED = "08004";

    private final AtomicLong newest = new AtomicLong();
    private final LongAdder refused = new LongAdder();
    private final boolean applies;

    public PrimaryTimeline() {
        this(true);
    }

    private PrimaryTimeline(boolean applies) {
        this.applies = applies;
    }

    /**
     * Notes the timeline of the server behind {@code connection}.
     *
     * @throws SQLException (state 08004) when it is older than one seen: an old primary
     */
    public void check(Connection connection) throws SQLException {
        if (!applies) {
            return;
        }
        long timeline;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(QUERY)) {
            rs.next();
            timeline = rs.getLong(1);
        }
        long seen = newest.accumulateAndGet(timeline, Math::max);
        if (timeline < seen) {
            HostSpec host = connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
            GlobalHostStatusTracker.reportHostStatus(host, HostStatus.Secondary);
            String why = "Refused " + host + ": a primary on timeline " + timeline + ", older than timeline " + seen
                    + " already seen (an old primary that came back after a failover: fence it)";
            LOG.warn(why);
            refused.increment();
            throw new SQLException(why, REFUSED);
        }
    }

    /** Whether {@code e} is this check refusing a session on an old primary. */
    public static boolean isRefusal(SQLException e) {
        return REFUSED.equals(e.getSQLState());
    }

    /** Sessions refused so far on an old primary: above 0, the failover manager did not fence it. */
    public long refused() {
        return refused.sum();
    }

    /** The newest timeline seen, 0 before any. */
    public long newest() {
        return newest.get();
    }
}
