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
 * session), its pools, its clock and its ticker.
 *
 * @param pools  the application pool and the operations' pool, each tagged with the incarnation
 * @param ticker monotonic nanoseconds that the ages of its loops' progress are measured with
 */
public record NodeContext(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                          NodePools pools, Clock clock, LongSupplier ticker) {

    public NodeContext(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                       NodePools pools, Clock clock) {
        this(settings, database, liveness, pools, clock, System::nanoTime);
    }

    /** A node whose operations run on the orchestrator's database. */
    public NodeContext(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                       DataSource dataSource, Jdbi jdbi, Clock clock, LongSupplier ticker) {
        this(settings, database, liveness, NodePools.oneDatabase(dataSource, jdbi), clock, ticker);
    }

    /** The application pool (API, outcome records, background loops), on the orchestrator's database. */
    public DataSource dataSource() {
        return pools.application();
    }

    public Jdbi jdbi() {
        return pools.jdbi();
    }

    /** Where the operations run. */
    public DataSource target() {
        return pools.target();
    }

    public NodeIdentity identity() {
        return liveness.identity();
    }

    public String nodeId() {
        return liveness.identity().nodeId();
    }
}
