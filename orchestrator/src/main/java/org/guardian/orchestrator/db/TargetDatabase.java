package org.guardian.orchestrator.db;

import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;

/**
 * The database the operations work on: the application pool's own, or a database of its own
 * ({@code ORCH_TARGET_DB_URL}), reached through a second pool sized like the application pool,
 * whose sessions carry the node's incarnation like every other.
 */
public final class TargetDatabase implements Managed {
    private final Database pool;
    private final boolean separate;
    private final DatabaseAddress address;

    private TargetDatabase(Database pool, boolean separate, DatabaseAddress address) {
        this.pool = pool;
        this.separate = separate;
        this.address = address;
    }

    /** The target the settings name: {@code application} itself, or a pool of {@code poolSize} on another database. */
    public static TargetDatabase open(DatabaseSettings settings, NodeIdentity identity, int poolSize,
                                      Database application) {
        if (!settings.hasSeparateTarget()) {
            return new TargetDatabase(application, false, settings.orchestratorAddress());
        }
        return new TargetDatabase(Database.openOnTarget(settings, identity, poolSize, application.dataSource()), true,
                settings.targetAddress());
    }

    public DataSource dataSource() {
        return pool.dataSource();
    }

    public Jdbi jdbi() {
        return pool.jdbi();
    }

    /** Whether it is a database other than the orchestrator's. */
    public boolean isSeparate() {
        return separate;
    }

    public DatabaseAddress address() {
        return address;
    }

    /** Closes the second pool; the application pool is closed by its own owner. */
    @Override
    public void stop() {
        if (separate) {
            pool.stop();
        }
    }
}
