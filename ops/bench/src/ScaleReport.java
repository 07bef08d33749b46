package org.guardian.orchestrator.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;

/**
 * RESULTS.md's sections 8 and 9 and their targets (issue 19): 100,000 schedules with 2,000 firing
 * every second and the run history kept briefly (run.sh's scale_soak), then the API at that size.
 */
final class ScaleReport {
    private final BenchReport r;

    ScaleReport(BenchReport r) {
        this.r = r;
    }

    String section() throws IOException {
        if (r.runs("scale.start_to_firing").length == 0) {
            return "";
        }
        StringBuilder o = new StringBuilder("## 8. Scale: many schedules, some every second, run history kept bounded (3 nodes)\n\n");
        o.append(r.text("scale.txt")).append("\n\n| figure | value |\n|---|---|\n");
        for (String[] row : new String[][] {{"start of the 3 nodes → first fire (s)", "scale.start_to_firing"},
                {"start → every hot schedule has run (s)", "scale.start_all_firing"},
                {"restart of the 3 nodes → first fire (s)", "scale.restart_to_firing"},
                {"restart → every hot schedule has run (s)", "scale.restart_all_firing"},
                {"cron edited by SQL → held by Quartz, right after the start (s)", "scale.sql_edit_pickup"},
                {"the same after the soak, under the load (s)", "scale_settled.sql_edit_pickup"},
                {"heap per node after a full GC (MB, -Xmx512m)", "scale.heap_mb"},
                {"executions/s per step, from the 3rd step (the first two include the start)", "soak.tput"},
                {"lateness p99 per step, from the 3rd step (ms)", "soak.p99_ms"},
                {"burst: fires per second, first start (ms), last start (ms), drain rate (/s)", null}}) {
            o.append("| ").append(row[0]).append(" | ");
            if (row[1] == null) {
                o.append(r.fig("soak.burst_fires", 0)).append(", +").append(r.fig("soak.burst_first_ms", 0)).append(", +")
                        .append(r.fig("soak.burst_last_ms", 0)).append(", ").append(r.fig("soak.burst_drain_per_s", 0));
            } else if (row[1].startsWith("soak.")) {
                o.append(BenchStats.summarize(r.fromStep(row[1], 3)).format(0));
            } else {
                o.append(r.fig(row[1], row[1].endsWith("heap_mb") ? 0 : 1));
            }
            o.append(" |\n");
        }
        o.append("| fire times run twice | ").append(r.sum("soak.dups")).append(" |\n\n");
        o.append(r.text("soak.md")).append("\n\n");
        o.append("## 9. API at that size: GET /api/schedules pages at 200 req/s, /api/dag, health checks (1 node)\n\n");
        o.append(r.text("api100k.txt")).append("\n\n");
        o.append("| request | p50 ms | p99 ms | max ms | requests/run | errors | node CPU ms/request |\n|---|---|---|---|---|---|---|\n");
        o.append("| page (limit=100, cursor and filters) | ").append(r.fig("api100k.p50", 1)).append(" | ")
                .append(r.fig("api100k.p99", 1)).append(" | ").append(r.fig("api100k.max", 1)).append(" | ")
                .append(r.fig("api100k.n", 0)).append(" | ").append(r.sum("api100k.errors")).append(" | ")
                .append(r.fig("api100k.cpu_ms", 2)).append(" |\n\n");
        o.append("GET /api/dag: ").append(r.fig("api100k.dag", 3)).append(" s; GET /healthcheck (admin port): ")
                .append(r.fig("api100k.health", 3)).append(" s (curl's total time, once after each run). Heap of the node after")
                .append(" the runs and a full GC, every schedule's JSON kept for listings included: ")
                .append(r.fig("api100k.heap_mb", 0)).append(" MB (-Xmx512m).\n\n");
        return o.toString();
    }

    String targets() {
        if (r.runs("scale.start_to_firing").length == 0) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String n : List.of("1", "3")) {
            double ours = BenchStats.median(r.runs("sat.ours." + n + ".capacity"));
            double dbs = BenchStats.median(r.runs("sat.dbs." + n + ".capacity"));
            lines.add(target("capacity above db-scheduler's, " + n + " node(s)", ours, ours > dbs,
                    "ours %.0f, db-scheduler " + String.format(Locale.ROOT, "%.0f", dbs) + " fires/s"));
        }
        double best = r.highest("sat.ours.3.", ".tput");
        lines.add(target("≥ 5,000 executions/s on 3 nodes", best, best >= 5000, "%.0f/s at most"));
        double start = BenchStats.median(r.runs("scale.start_to_firing"));
        lines.add(target("many schedules: start to firing ≤ 30 s", start, start <= 30, "%.1f s"));
        double edit = Math.max(BenchStats.median(r.runs("scale.sql_edit_pickup")), BenchStats.median(r.runs("scale_settled.sql_edit_pickup")));
        lines.add(target("many schedules: SQL edit picked up ≤ 5 s (right after the start and after the soak)", edit, edit <= 5, "%.1f s at worst"));
        double heap = BenchStats.summarize(DoubleStream.concat(Arrays.stream(r.runs("scale.heap_mb")),
                Arrays.stream(r.runs("api100k.heap_mb"))).toArray()).max();
        lines.add(target("many schedules: heap per node ≤ 1 GB (the firing nodes, the node serving the API)", heap, heap <= 1024, "%.0f MB at most"));
        double late = BenchStats.median(r.fromStep("soak.p99_ms", 3));
        lines.add(target("many schedules, every-second ones firing: lateness p99 ≤ 50 ms", late, late <= 50, "%.0f ms"));
        double[] rows = r.fromStep("soak.rows", 4);
        double grow = rows.length < 2 ? Double.NaN : BenchStats.summarize(rows).max() / BenchStats.summarize(rows).min();
        lines.add(target("run history levels off (job_runs rows from the 4th step within 25 %)", grow, grow <= 1.25, "max/min %.2f"));
        double page = BenchStats.median(r.runs("api100k.p99"));
        lines.add(target("API at that size: page p99 < 50 ms at 200 req/s", page, page < 50, "%.1f ms"));
        double slow = Math.max(BenchStats.summarize(r.runs("api100k.dag")).max(), BenchStats.summarize(r.runs("api100k.health")).max());
        lines.add(target("API at that size: /api/dag and health checks < 1 s", slow, slow < 1, "%.2f s at worst"));
        return String.join("\n", lines) + "\n";
    }

    /** A target's line, {@code format} showing {@code value}; "not measured" without a figure (a smoke run, a skipped system). */
    private static String target(String what, double value, boolean met, String format) {
        return Double.isNaN(value) ? "- " + what + ": not measured"
                : BenchReport.verdict(what, met, String.format(Locale.ROOT, format, value));
    }
}
