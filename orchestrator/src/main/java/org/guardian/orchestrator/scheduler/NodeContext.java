package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.scheduler.store.NodeLiveness;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.db.NodeIdentity;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * What one node's parts share: its settings, its membership of the cluster (identity, liveness
 * session), its application pool, its clock and its ticker.
 *
 * @param dataSource the application pool (API, operations, outcome records), tagged with the incarnation
 * @param ticker     monotonic nanoseconds that the ages of its loops' progress are measured with
 */
public record NodeContext(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                          DataSource dataSource, Jdbi jdbi, Clock clock, LongSupplier ticker) {

    public NodeContext(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                       DataSource dataSource, Jdbi jdbi, Clock clock) {
        this(settings, database, liveness, dataSource, jdbi, clock, System::nanoTime);
    }

    public NodeIdentity identity() {
        return liveness.identity();
    }

    public String nodeId() {
        return liveness.identity().nodeId();
    }
}
