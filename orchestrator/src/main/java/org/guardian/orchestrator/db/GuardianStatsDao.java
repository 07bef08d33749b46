package org.guardian.orchestrator.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts on the Guardian tables operators watch. A table that does not exist (yet) reads as -1,
 * never as an error: the orchestrator may run before the Guardian schema is migrated.
 */
public final class GuardianStatsDao {
    public static final long ABSENT = -1;

    private final Jdbi jdbi;

    public GuardianStatsDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Rows waiting in {@code public.cache_invalidation_queue}. */
    public long cacheInvalidationQueueLength() {
        return jdbi.withHandle(h -> exists(h, "public.cache_invalidation_queue")
                ? count(h, "SELECT count(*) FROM public.cache_invalidation_queue") : ABSENT);
    }

    /**
     * Open alerts in {@code public.performance_alerts}: unresolved ones when the table has a
     * {@code resolved_at} column, otherwise those raised in the last hour.
     */
    public long openAlerts() {
        return jdbi.withHandle(h -> {
            if (!exists(h, "public.performance_alerts")) {
                return ABSENT;
            }
            return count(h, hasColumn(h, "performance_alerts", "resolved_at")
                    ? "SELECT count(*) FROM public.performance_alerts WHERE resolved_at IS NULL"
                    : "SELECT count(*) FROM public.performance_alerts WHERE raised_at > now() - interval '1 hour'");
        });
    }

    private static boolean exists(Handle h, String table) {
        return h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table).mapTo(Boolean.class).one();
    }

    private static boolean hasColumn(Handle h, String table, String column) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND table_name = :t AND column_name = :c)")
                .bind("t", table).bind("c", column).mapTo(Boolean.class).one();
    }

    private static long count(Handle h, String sql) {
        return h.createQuery(sql).mapTo(Long.class).one();
    }
}
