package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.core.ClusterNode;
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


    @SqlQuery("SELECT instance_name AS id, last_checkin_time AS last_checkin_millis,"
            + " checkin_interval AS checkin_interval_millis FROM orchestrator.qrtz_scheduler_state ORDER BY instance_name")
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
