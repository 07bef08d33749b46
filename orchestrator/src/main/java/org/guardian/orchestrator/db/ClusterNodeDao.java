package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.ClusterNode;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.util.List;

/**
 * The nodes Quartz knows, read (never written) from its check-in table; the one place the
 * orchestrator reads a {@code qrtz_} table, because Quartz's API does not list other nodes.
 */
@RegisterConstructorMapper(ClusterNode.class)
public interface ClusterNodeDao {

    @SqlQuery("SELECT instance_name AS id, last_checkin_time AS last_checkin_millis,"
            + " checkin_interval AS checkin_interval_millis FROM orchestrator.qrtz_scheduler_state ORDER BY instance_name")
    List<ClusterNode> all();
}
