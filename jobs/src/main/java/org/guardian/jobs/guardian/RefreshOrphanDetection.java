package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Refreshes orphaned_relationships_summary concurrently (readers are never blocked). */
public final class RefreshOrphanDetection implements Operation {
    @Override
    public String name() {
        return "refresh_orphan_detection";
    }

    @Override
    public String description() {
        return "REFRESH MATERIALIZED VIEW CONCURRENTLY orphaned_relationships_summary; reports the orphans found.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.bool("refresh_materialized_views", true,
                "refresh the summary view; false only counts the orphans live"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        boolean refresh = context.config().getBoolean("refresh_materialized_views");
        if (refresh) {
            Jdbc.execute(connection, "REFRESH MATERIALIZED VIEW CONCURRENTLY public.orphaned_relationships_summary");
        }
        context.checkCancelled();
        long live = Jdbc.queryLong(connection, "SELECT COUNT(DISTINCT relationship_id) FROM public.orphaned_relationships");
        OperationResult.Builder result = OperationResult.builder()
                .put("refreshed", refresh)
                .put("orphaned_relationships", live);
        if (refresh) {
            result.put("summary_rows", Jdbc.queryLong(connection, "SELECT COUNT(*) FROM public.orphaned_relationships_summary"))
                  .put("summary_orphan_count", Jdbc.queryLong(connection,
                          "SELECT COALESCE(SUM(orphan_count), 0) FROM public.orphaned_relationships_summary"));
        }
        return result.build();
    }
}
