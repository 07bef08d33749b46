package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.db.NodeIdentity;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * What one node's parts share: its settings, its membership of the cluster (identity, liveness
 * session), its application pool and its clock.
 *
 * @param dataSource the application pool (API, operations, outcome records), tagged with the incarnation
 */
public record NodeContext(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                          DataSource dataSource, Jdbi jdbi, Clock clock) {

    public NodeIdentity identity() {
        return liveness.identity();
    }

    public String nodeId() {
        return liveness.identity().nodeId();
    }
}
