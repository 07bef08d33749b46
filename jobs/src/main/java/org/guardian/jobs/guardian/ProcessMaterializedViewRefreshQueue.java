package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the views queued in materialized_view_refresh_queue (write statements on their source
 * tables queue them) and refreshes each concurrently, so readers are never blocked. The queue rows
 * are deleted before the refresh: a write during it queues the view again for the next run. A name
 * that is not a materialized view of schema public is dropped from the queue and reported.
 */
public final class ProcessMaterializedViewRefreshQueue implements Operation {
    private static final String TAKE = """
            WITH taken AS (DELETE FROM public.materialized_view_refresh_queue RETURNING view_name)
            SELECT DISTINCT t.view_name, m.matviewname IS NOT NULL
              FROM taken t LEFT JOIN pg_matviews m ON m.schemaname = 'public' AND m.matviewname = t.view_name
             ORDER BY 1""";

    @Override
    public String name() {
        return "process_materialized_view_refresh_queue";
    }

    @Override
    public String description() {
        return "Refreshes, concurrently, the Guardian materialized views whose source tables changed since the last run.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        List<String> views = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        try (var statement = connection.prepareStatement(TAKE); var rs = statement.executeQuery()) {
            while (rs.next()) {
                (rs.getBoolean(2) ? views : unknown).add(rs.getString(1));
            }
        }
        List<String> refreshed = new ArrayList<>();
        for (String view : views) {
            try {
                context.checkCancelled();
                Jdbc.execute(connection, "REFRESH MATERIALIZED VIEW CONCURRENTLY public." + quoted(connection, view));
            } catch (SQLException | RuntimeException e) {
                requeue(connection, views.subList(refreshed.size(), views.size()), e);
                throw e;
            }
            refreshed.add(view);
        }
        return OperationResult.builder().put("views_refreshed", refreshed).put("unknown_views", unknown).build();
    }

    private static String quoted(Connection connection, String name) throws SQLException {
        return (String) Jdbc.queryValue(connection, "SELECT quote_ident(?)", name);
    }

    /** Puts back what this run took but did not refresh, so the next run does it. */
    private static void requeue(Connection connection, List<String> views, Exception cause) {
        try {
            for (String view : views) {
                Jdbc.update(connection, "INSERT INTO public.materialized_view_refresh_queue (view_name, reason) VALUES (?, ?)",
                        view, "refresh failed: " + cause.getMessage());
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
