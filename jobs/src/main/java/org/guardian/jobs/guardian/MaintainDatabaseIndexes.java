package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures every valid B-tree index of schema public with pgstatindex and rebuilds only those whose
 * bloat is above the threshold, with {@code REINDEX INDEX CONCURRENTLY} on the autocommit connection
 * (not inside a function, where CONCURRENTLY is not allowed). First it drops what an interrupted
 * rebuild left ({@link ReindexLeftovers}). Without pgstattuple nothing is measured and nothing rebuilt.
 */
public final class MaintainDatabaseIndexes implements Operation {
    private static final String CANDIDATES = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(ci.relname), ci.relname, ct.relname,
                   COALESCE((SELECT split_part(o, '=', 2)::int FROM unnest(ci.reloptions) o WHERE o LIKE 'fillfactor=%'), 90),
                   pg_relation_size(ci.oid)
              FROM pg_index x
              JOIN pg_class ci ON ci.oid = x.indexrelid
              JOIN pg_class ct ON ct.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = ci.relnamespace
              JOIN pg_am am ON am.oid = ci.relam
             WHERE n.nspname = 'public' AND ci.relkind = 'i' AND am.amname = 'btree'
               AND x.indisvalid AND x.indisready AND ct.relpersistence = 'p'
             ORDER BY ci.relname""";

    @Override
    public String name() {
        return "maintain_database_indexes";
    }

    @Override
    public String description() {
        return "Measures B-tree index bloat and runs REINDEX INDEX CONCURRENTLY on indexes above the threshold.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.number("reindex_threshold_percent", 20, 1, 100, "rebuild an index whose bloat exceeds this"),
                ConfigKey.integer("min_leaf_pages", 10, 1, Integer.MAX_VALUE, "smaller indexes are not worth measuring"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        String pgstattuple = (String) Jdbc.queryValue(connection, "SELECT quote_ident(n.nspname) FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgstattuple'");
        if (pgstattuple == null) {
            return OperationResult.builder().put("pgstattuple", "absent").put("indexes_reindexed", 0).build();
        }
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("REINDEX CONCURRENTLY needs a connection in autocommit mode");
        }
        List<String> leftovers = ReindexLeftovers.drop(connection);
        double threshold = context.config().getDouble("reindex_threshold_percent");
        long minLeafPages = context.config().getLong("min_leaf_pages");
        List<Map<String, Object>> reindexed = new ArrayList<>();
        int measured = 0;
        List<String> gone = new ArrayList<>();
        for (IndexBloat index : measure(context, connection, pgstattuple, gone)) {
            if (index.leafPages() < minLeafPages) {
                continue;
            }
            measured++;
            if (index.bloatPercent() > threshold) {
                context.checkCancelled();
                reindex(context, connection, index, gone).ifPresent(reindexed::add);
            }
        }
        return OperationResult.builder()
                .put("pgstattuple", "present")
                .put("leftovers_dropped", leftovers)
                .put("invalid_indexes", ReindexLeftovers.othersInvalid(connection))
                .put("indexes_measured", measured)
                .put("indexes_gone", gone)
                .put("indexes_reindexed", reindexed.size())
                .put("reindexed", reindexed)
                .build();
    }

    /** Measures each candidate; one dropped meanwhile (a partition retired, say) goes to {@code gone}. */
    private static List<IndexBloat> measure(OperationContext context, Connection connection, String pgstattupleSchema,
                                            List<String> gone) throws SQLException {
        List<IndexBloat> indexes = new ArrayList<>();
        String statIndex = "SELECT leaf_pages, avg_leaf_density FROM " + pgstattupleSchema + ".pgstatindex(?::regclass)";
        try (var statement = connection.prepareStatement(CANDIDATES); var rs = statement.executeQuery()) {
            while (rs.next()) {
                context.checkCancelled();
                String qualified = rs.getString(1);
                Map<String, Object> stats;
                try {
                    stats = Jdbc.queryRows(connection, statIndex, qualified).get(0);
                } catch (SQLException failed) {
                    rethrowUnlessGone(connection, qualified, failed);
                    gone.add(qualified);
                    continue;
                }
                indexes.add(new IndexBloat(qualified, rs.getString(2), rs.getString(3),
                        ((Number) stats.get("leaf_pages")).longValue(), ((Number) stats.get("avg_leaf_density")).doubleValue(),
                        rs.getInt(4), rs.getLong(5)));
            }
        }
        return indexes;
    }

    /** Rebuilds the index; when the rebuild fails (other than by cancellation) its leftover copy is dropped at once. */
    private static Optional<Map<String, Object>> reindex(OperationContext context, Connection connection,
                                                         IndexBloat index, List<String> gone) throws SQLException {
        try {
            Jdbc.execute(connection, "REINDEX INDEX CONCURRENTLY " + index.qualifiedName());
        } catch (SQLException failed) {
            if (!context.isCancelled() && Boolean.FALSE.equals(exists(connection, index.qualifiedName()))) {
                gone.add(index.qualifiedName());
                return Optional.empty();
            }
            if (!context.isCancelled() && !"57014".equals(failed.getSQLState())) {
                dropLeftoversAfter(connection, failed);
            }
            throw failed;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("index", index.indexName());
        row.put("table", index.tableName());
        row.put("bloat_percent", index.bloatPercent());
        row.put("size_before_bytes", index.sizeBytes());
        row.put("size_after_bytes", Jdbc.queryLong(connection, "SELECT pg_relation_size(?::regclass)", index.qualifiedName()));
        return Optional.of(row);
    }

    /** Rethrows {@code failed} unless the index no longer exists. */
    private static void rethrowUnlessGone(Connection connection, String qualified, SQLException failed)
            throws SQLException {
        if (!Boolean.FALSE.equals(exists(connection, qualified))) {
            throw failed;
        }
    }

    /** Whether the index exists; null when that cannot be read either. */
    private static Boolean exists(Connection connection, String qualified) {
        try {
            return Jdbc.queryValue(connection, "SELECT to_regclass(?)", qualified) != null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static void dropLeftoversAfter(Connection connection, SQLException failure) {
        try {
            ReindexLeftovers.drop(connection);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
