package org.guardian.orchestrator.scheduler;

import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;

/**
 * A node's connection pools.
 *
 * @param application the application pool on the orchestrator's database (API, records, background loops)
 * @param jdbi        Jdbi on the application pool
 * @param target      where the operations run: the application pool, or a pool on the target database
 */
public record NodePools(DataSource application, Jdbi jdbi, DataSource target) {

    /** The operations run on the orchestrator's database. */
    public static NodePools oneDatabase(DataSource application, Jdbi jdbi) {
        return new NodePools(application, jdbi, application);
    }
}
