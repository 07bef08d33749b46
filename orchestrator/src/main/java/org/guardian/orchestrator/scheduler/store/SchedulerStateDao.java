package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.core.ClusterNode;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.util.List;
import java.util.Optional;

/**
 * Read-only view of Quartz's {@code qrtz_scheduler_state} (one row per node checked in to the
 * cluster), for the API, metrics and health: the one Quartz table the orchestrator reads, because
 * Quartz's API does not list the other nodes. Nothing here writes Quartz tables.
 */
@RegisterConstructorMapper(ClusterNode.class)
public interface SchedulerStateDao {
    /** Check-in times are written on the database's clock ({@code LivenessJobStore}); ages are read on it too. */
    String NOW_MILLIS = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint";


    /**
     * The nodes checked in, and those alive (holding their liveness lock) that have not (a node whose
     * clock keeps it from firing never starts Quartz), each with the clock offset it last wrote.
     */
    @SqlQuery("SELECT n.id, n.last_checkin_millis, n.checkin_interval_millis, c.clock_offset_ms AS clock_offset_millis"
            + " FROM (SELECT instance_name AS id, last_checkin_time AS last_checkin_millis,"
            + " checkin_interval AS checkin_interval_millis FROM orchestrator.qrtz_scheduler_state"
            + " UNION SELECT i.node_id, NULL, NULL FROM orchestrator.node_incarnations i"
            + " WHERE i.fenced_at IS NULL AND " + AdvisoryLocks.LIVENESS_HELD
            + " AND NOT EXISTS (SELECT 1 FROM orchestrator.qrtz_scheduler_state s WHERE s.instance_name = i.node_id)) n"
            + " LEFT JOIN LATERAL (SELECT clock_offset_ms FROM orchestrator.node_incarnations i"
            + " WHERE i.node_id = n.id AND i.fenced_at IS NULL ORDER BY i.incarnation DESC LIMIT 1) c ON true"
            + " ORDER BY n.id")
    List<ClusterNode> all();

    /**
     * Nodes Quartz would not yet declare failed: last check-in younger than their check-in
     * interval plus {@code graceMillis} (Quartz itself allows 7.5 s).
     */
    @SqlQuery("SELECT count(*) FROM orchestrator.qrtz_scheduler_state"
            + " WHERE last_checkin_time > " + NOW_MILLIS + " - checkin_interval - :graceMillis")
    int countAlive(@Bind("graceMillis") long graceMillis);

    /** Milliseconds since the node's last check-in, empty when it has no row. */
    @SqlQuery("SELECT " + NOW_MILLIS + " - last_checkin_time FROM orchestrator.qrtz_scheduler_state"
            + " WHERE instance_name = :node")
    Optional<Long> millisSinceCheckin(@Bind("node") String node);
}
