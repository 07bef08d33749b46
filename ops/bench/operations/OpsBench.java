import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Operations benchmark: each Guardian operation that has a pl/pgSQL counterpart in the design
 * document, run through its Java class (minimal OperationContext, default config) against that
 * counterpart (seed_operations.sql, schema seed_bench, with the minimal patches below), in the same
 * database, on the same data, runs alternated. Writes ops.md (details) and summary.md into WORK_DIR.
 *
 * <p>Usage: OpsBench JDBC_URL USER RUNS HERE_DIR WORK_DIR TRIGGER_WRITES
 */
public final class OpsBench {
    /** One replaced line of the design document's function: exactly this text, and why. */
    record Patch(String from, String to, String why) {}

    /**
     * One comparison: our operation, the SQL that runs the counterpart (search_path seed_bench),
     * how many calls make one timed run, the patches, and what each side does.
     */
    record Case(String op, String seedSql, int calls, List<Patch> patches, String seedDoes, String oursDoes) {}

    /** A patch made elsewhere (a line added to seed_functions.sql): described, not applied here. */
    static final String DESCRIBED_ONLY = "(line added)";

    static final List<Case> CASES = List.of(
            new Case("refresh_data_quality_metrics", "REFRESH MATERIALIZED VIEW CONCURRENTLY data_quality_metrics", 3, List.of(),
                    "§2.3 cron command: the refresh only",
                    "the same refresh, then reads the view's rows into its result (include_performance_stats)"),
            new Case("refresh_orphan_detection", "REFRESH MATERIALIZED VIEW CONCURRENTLY orphaned_relationships_summary", 1, List.of(),
                    "§7.1 cron command: the refresh only",
                    "the same refresh, then counts the summary and the orphaned relationships (one more scan of the orphan view)"),
            new Case("maintain_database_indexes", "SELECT count(*) FROM maintain_database_indexes()", 1, List.of(
                    new Patch("        EXECUTE format('REINDEX INDEX CONCURRENTLY %I.%I', ",
                            "        EXECUTE format('REINDEX INDEX %I.%I', ",
                            "REINDEX CONCURRENTLY cannot be executed from a function (first index: ERROR); the plain REINDEX blocks the table's writers while it runs"),
                    new Patch("        AND indexname LIKE 'idx_%'",
                            "        AND indexname LIKE 'idx_%' AND (SELECT relkind FROM pg_class WHERE oid = format('%I.%I', schemaname, indexname)::regclass) = 'i'",
                            "REINDEX INDEX of a partitioned index (idx_audit_log_*) cannot run inside a function's transaction: skip them"),
                    new Patch("            index_record.indexname,", "            index_record.indexname::TEXT,",
                            "pg_indexes' columns are of type name, the function returns text: 'structure of query does not match function result type' after the first reindex"),
                    new Patch("            index_record.tablename,", "            index_record.tablename::TEXT,", "the same, second column")),
                    "§2.1: rebuilds every idx_* index of public (minus the partitioned ones, see the patch) without measuring bloat, one after the other, blocking writers",
                    "measures each index's bloat (pgstattuple) and rebuilds CONCURRENTLY only those above 20 %, outside a transaction; after its first run little is left above the threshold (hence its range)"),
            new Case("check_connection_pool_health", "SELECT count(*) FROM check_connection_pool_health()", 200, List.of(),
                    "§4.2: three counts of pg_stat_activity against max_connections",
                    "the same three figures and statuses, plus sessions by application and state"),
            new Case("update_performance_baselines", "SELECT establish_performance_baselines()", 50, List.of(),
                    "§5.1: a row-by-row upsert loop over pg_stat_statements (calls > 50, mean > 100 ms); the upsert refreshes only the duration, the thresholds keep their first value",
                    "one INSERT … SELECT … ON CONFLICT over the current database's statements, thresholds refreshed with the duration; column names of the installed extension"),
            new Case("monitor_slow_queries", "SELECT count(*) FROM monitor_slow_queries()", 50, List.of(),
                    "§6.1: statements of every database (calls > 5, mean > 1 s) graded against their baselines",
                    "the same grading, statements of the current database only; column names of the installed extension"),
            new Case("check_performance_alerts", "SELECT count(*) FROM check_performance_alerts()", 1, List.of(
                    new Patch("        SELECT * FROM performance_alert_thresholds WHERE is_enabled = true",
                            "        SELECT *, NULL::TEXT AS auto_response_action FROM performance_alert_thresholds WHERE is_enabled = true",
                            "the thresholds table here names a schedule (auto_response_schedule), not SQL text: 'record \"threshold_record\" has no field \"auto_response_action\"' at the first breach; no auto-response SQL runs (ours cannot run a schedule in the harness either)")),
                    "§6.2: measures 3 of its 7 metrics (the other 4 read as 0), orphans by detect_orphaned_relationships() (dynamic SQL per relationship type), compares with >= only, writes nothing",
                    "measures all 7 (rates over each threshold's window from statistics snapshots), direction-aware thresholds, rate limit and escalation, writes alert rows and a snapshot; most of its time is the orphan count over the set-based orphaned_relationships view (a NOT EXISTS against the union of every record table, about 1 s here), where the design's per-type dynamic queries probe each table's primary key: the design's way is the faster one"),
            new Case("weekly_performance_benchmark", "SELECT count(*) FROM run_performance_benchmark()", 1, List.of(
                    new Patch(DESCRIBED_ONLY, "#variable_conflict use_variable (in refresh_user_dashboard_cache, seed_functions.sql)",
                            "its per-patient refresh compares user_id = user_id: 'column reference \"user_id\" is ambiguous' on the first patient; with the pre-9.0 rule the comparison is always true (every document counted for each patient), as in the queue comparison")),
                    "§8.1: refreshes EVERY cache row one by one (its COUNT(*) … LIMIT 100 limits the count's one row, not the patients) with the per-patient refresh of seed_functions.sql (its documents bug included), a relationship COUNT, and a 0.1 s pg_sleep between the bulk-mode toggles; on an empty cache it fails (division by zero), so the harness fills the cache first",
                    "times a 100-patient cache refresh (one statement), a 1,000-row relationship scan, orphan detection and a document full-text search; records each in query_performance_history and flags regressions"));

    static final String[] NO_COUNTERPART = {
            "`cleanup_orphaned_data`: the design's engine calls `cleanup_orphaned_data(batch, minutes)`, which it never defines",
            "`audit_log_cleanup`, `generate_monthly_reports`: rows of the §10 table, but `execute_scheduled_maintenance()` has no branch for them (it raises 'Unknown maintenance operation')",
            "`partition_maintenance`: pg_partman's `run_maintenance()`; pg_partman is not installed here (nor on the Debian packages' default server)",
            "`process_materialized_view_refresh_queue`: scheduled by §3.1, never defined",
            "`process_cache_invalidation_queue`: QueueBench.java, section below"};

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int runs = Integer.parseInt(args[2]);
        Path here = Path.of(args[3]);
        Path work = Path.of(args[4]);
        int triggerWrites = Integer.parseInt(args[5]);
        String operations = Files.readString(here.resolve("seed_operations.sql"));
        String refresh = Files.readString(here.resolve("seed_functions.sql"));
        StringBuilder md = new StringBuilder();
        StringBuilder summary = new StringBuilder("| operation | ours, ms per call | the design's pl/pgSQL, ms per call | ratio (medians) | its function verbatim |\n|---|---:|---:|---|---|\n");
        try (Connection ours = DriverManager.getConnection(url, user, "");
             Connection seed = DriverManager.getConnection(url, user, "");
             Connection admin = DriverManager.getConnection(url, user, "")) {
            String patched = operations;
            for (Case c : CASES) {
                for (Patch p : c.patches()) {
                    if (p.from().equals(DESCRIBED_ONLY)) {
                        continue;
                    }
                    if (!patched.contains(p.from() + "\n") || patched.indexOf(p.from() + "\n") != patched.lastIndexOf(p.from() + "\n")) {
                        throw new IllegalStateException("patch line not found exactly once: " + p.from());
                    }
                    patched = patched.replace(p.from() + "\n", p.to() + "\n");
                }
            }
            QueueBench.exec(admin, refresh);
            QueueBench.exec(admin, patched);
            QueueBench.exec(admin, verbatim(operations) + verbatim(refresh.replace("#variable_conflict use_variable\n", "")));
            QueueBench.exec(seed, "SET search_path = seed_bench, public");
            fillCache(ours);
            statementTraffic(url, user);
            md.append(data(admin));
            md.append("## Per operation\n\nEach run: ").append(runs).append(" × (ours then the design's, or the other way round on even runs); "
                    + "a run is `calls` calls in a row on one connection, timed client-side; figures are ms per call, median (min – max) over the runs.\n\n");
            for (Case c : CASES) {
                runCase(c, runs, ours, seed, admin, md, summary);
            }
            summary.append("\nNo counterpart to compare: ").append(String.join("; ", NO_COUNTERPART)).append(".\n");
            if (triggerWrites > 0) {
                String triggers = TriggerCost.measure(admin, triggerWrites, Math.max(runs, 5));
                md.append(triggers);
                summary.append('\n').append(triggers.replace("## ", "#### "));
            }
        }
        Files.writeString(work.resolve("ops.md"), md.toString());
        Files.writeString(work.resolve("summary.md"), summary.toString());
    }

    /** The queue comparison leaves every patient queued and the cache empty: refresh them all (ours). */
    static void fillCache(Connection connection) throws Exception {
        Operation queue = new org.guardian.jobs.guardian.ProcessCacheInvalidationQueue();
        QueueBench.BenchContext context = new QueueBench.BenchContext(OperationConfig.validate(queue.configKeys(), Map.of()), connection);
        while (((Number) queue.execute(context).values().get("queue_remaining")).longValue() > 0) {
            log("refreshing the dashboard cache");
        }
    }

    static String verbatim(String sql) {
        return sql.replace("seed_bench", "seed_verbatim");
    }

    static void runCase(Case c, int runs, Connection ours, Connection seed, Connection admin, StringBuilder md, StringBuilder summary)
            throws Exception {
        Operation operation = ServiceLoader.load(Operation.class).stream().map(ServiceLoader.Provider::get)
                .filter(o -> o.name().equals(c.op())).findFirst().orElseThrow();
        QueueBench.BenchContext context = new QueueBench.BenchContext(OperationConfig.validate(operation.configKeys(), Map.of()), ours);
        String verbatimOutcome = verbatimOutcome(c, admin);
        List<Double> oursMs = new ArrayList<>();
        List<Double> seedMs = new ArrayList<>();
        String oursResult = "";
        String seedResult = "";
        for (int run = 1; run <= runs; run++) {
            for (int side = 0; side < 2; side++) {
                boolean oursNow = (side == 0) == (run % 2 == 1);
                long t0 = System.nanoTime();
                for (int i = 0; i < c.calls(); i++) {
                    if (oursNow) {
                        oursResult = operation.execute(context).values().toString();
                    } else {
                        seedResult = callSeed(seed, c.seedSql());
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / c.calls();
                (oursNow ? oursMs : seedMs).add(ms);
                log("%s run %d %s: %.2f ms per call", c.op(), run, oursNow ? "ours" : "seed", ms);
            }
        }
        String ratio = ratio(median(oursMs), median(seedMs));
        md.append("### `").append(c.op()).append("`\n\n");
        md.append("- the design's: `").append(c.seedSql()).append("` — ").append(c.seedDoes()).append("\n");
        md.append("- ours: ").append(c.oursDoes()).append("\n");
        md.append("- its function verbatim: ").append(verbatimOutcome).append("\n");
        for (Patch p : c.patches()) {
            md.append("- patched line: `").append(p.from().strip()).append("` → `").append(p.to().strip()).append("` — ").append(p.why()).append("\n");
        }
        md.append(String.format(Locale.ROOT, "%n| side | calls per run | ms per call, median (min – max) | last result (abbreviated) |%n|---|---:|---|---|%n"
                        + "| ours | %d | %s | %s |%n| the design's | %d | %s | %s |%n%n**%s**%n%n",
                c.calls(), stats(oursMs), cell(oursResult), c.calls(), stats(seedMs), cell(seedResult), ratio));
        summary.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s |%n", c.op(), stats(oursMs), stats(seedMs), ratio,
                c.patches().isEmpty() ? "runs as written" : "fails (" + c.patches().size() + " line(s) patched)"));
    }

    /** What the function exactly as the design wrote it does, called once (schema seed_verbatim). */
    static String verbatimOutcome(Case c, Connection admin) throws SQLException {
        if (c.patches().isEmpty()) {
            return "runs as written (the figures below are of the verbatim version)";
        }
        try (Statement st = admin.createStatement()) {
            st.execute("SET search_path = seed_verbatim, public");
            st.execute(c.seedSql());
            return "ran without error (unexpected: the patches below would not be needed)";
        } catch (SQLException e) {
            return "`ERROR: " + e.getMessage().split("\n")[0].replace("ERROR: ", "") + "`";
        } finally {
            QueueBench.exec(admin, "SET search_path = public");
        }
    }

    static String callSeed(Connection seed, String sql) throws SQLException {
        try (Statement st = seed.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    return rs.next() ? "returned " + rs.getString(1) : "no row";
                }
            }
            return "done";
        }
    }

    /**
     * Statements for the statistics operations to find: a report over 100 ms called 60 times and an
     * export over 1 s called 7 times, run on parallel connections (pg_sleep stands for the work).
     */
    static void statementTraffic(String url, String user) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 60 + 7; i++) {
                String sql = i < 60 ? "SELECT pg_sleep(0.101), 'report' AS kind" : "SELECT 'export' AS kind, pg_sleep(1.01)";
                done.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static String data(Connection admin) throws SQLException {
        StringBuilder md = new StringBuilder("## Data\n\nThe same database as the queue comparison below (`DemoDataGenerator`, seed 42), after it; "
                + "plus statement traffic for the statistics operations: `SELECT pg_sleep(0.101), 'report'` 60 times and "
                + "`SELECT 'export', pg_sleep(1.01)` 7 times (pg_sleep stands for a report's and an export's work).\n\n| table | rows |\n|---|---:|\n");
        for (String table : List.of("patients", "patient_medications", "medical_data_relationships", "documents", "audit_log",
                "user_dashboard_cache", "orphaned_relationships")) {
            md.append("| ").append(table).append(" | ").append(QueueBench.count(admin, "SELECT COUNT(*) FROM public." + table)).append(" |\n");
        }
        md.append("| pg_stat_statements entries | ").append(QueueBench.count(admin, "SELECT COUNT(*) FROM pg_stat_statements")).append(" |\n");
        md.append("| idx_* indexes in public (partitioned ones included) | ")
                .append(QueueBench.count(admin, "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx_%'")).append(" |\n\n");
        return md.toString();
    }

    static String ratio(double ours, double seed) {
        if (ours <= seed) {
            return String.format(Locale.ROOT, "ours %.1f× faster (ours/design %.2f)", seed / ours, ours / seed);
        }
        return String.format(Locale.ROOT, "the design's %.1f× faster (design/ours %.2f)", ours / seed, seed / ours);
    }

    static String stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%s (%s – %s)", fmt(median(values)), fmt(sorted.get(0)), fmt(sorted.get(sorted.size() - 1)));
    }

    static String fmt(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    static double median(List<Double> values) {
        return QueueBench.median(values);
    }

    static String cell(String s) {
        String one = s.replace("|", "\\|").replace("\n", " ");
        return one.length() > 240 ? one.substring(0, 240) + " …" : one;
    }

    static void log(String format, Object... args) {
        System.err.println("[opsbench] " + String.format(Locale.ROOT, format, args));
    }
}
