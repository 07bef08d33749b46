package org.guardian.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The figures measured once per invocation (capacity, scale, soak, API at that size) across the
 * last full runs: each run's figures file (figures.tsv, kept under ops/bench/history), one column
 * per invocation and the median with its range. Usage: BenchAcross &lt;figures.tsv&gt;...
 */
public final class BenchAcross {
    private record Row(String label, int decimals, ToDoubleFunction<BenchReport> value) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("capacity, ours, 1 node (fires/s)", 0, r -> first(r, "sat.ours.1.capacity")),
            new Row("capacity, ours, 3 nodes (fires/s)", 0, r -> first(r, "sat.ours.3.capacity")),
            new Row("capacity, vanilla Quartz, 1 node", 0, r -> first(r, "sat.vanilla.1.capacity")),
            new Row("capacity, vanilla Quartz, 3 nodes", 0, r -> first(r, "sat.vanilla.3.capacity")),
            new Row("capacity, db-scheduler, 1 node", 0, r -> first(r, "sat.dbs.1.capacity")),
            new Row("capacity, db-scheduler, 3 nodes", 0, r -> first(r, "sat.dbs.3.capacity")),
            new Row("executions/s at most, ours, 3 nodes", 0, r -> r.highest("sat.ours.3.", ".tput")),
            new Row("executions/s at most, db-scheduler, 3 nodes", 0, r -> r.highest("sat.dbs.3.", ".tput")),
            new Row("scale: start → first fire (s)", 1, r -> first(r, "scale.start_to_firing")),
            new Row("scale: start → every hot schedule ran (s)", 1, r -> first(r, "scale.start_all_firing")),
            new Row("scale: restart → first fire (s)", 1, r -> first(r, "scale.restart_to_firing")),
            new Row("scale: SQL edit held by Quartz, right after the start (s)", 1, r -> first(r, "scale.sql_edit_pickup")),
            new Row("scale: SQL edit held by Quartz, after the soak (s)", 1, r -> first(r, "scale_settled.sql_edit_pickup")),
            new Row("scale: heap per node, largest (MB)", 0, r -> BenchStats.summarize(r.runs("scale.heap_mb")).max()),
            new Row("soak: executions/s, median of steps 3+", 0, r -> BenchStats.median(r.fromStep("soak.tput", 3))),
            new Row("soak: lateness p99, median of steps 3+ (ms)", 0, r -> BenchStats.median(r.fromStep("soak.p99_ms", 3))),
            new Row("soak: job_runs rows at the last step", 0, r -> last(r, "soak.rows")),
            new Row("soak: job_runs MB at the last step", 1, r -> last(r, "soak.mb")),
            new Row("API at that size: page p99, median of runs (ms)", 1, r -> BenchStats.median(r.runs("api100k.p99"))),
            new Row("API at that size: node CPU per page, median of runs (ms)", 2, r -> BenchStats.median(r.runs("api100k.cpu_ms"))),
            new Row("API at that size: slowest /api/dag (s)", 2, r -> BenchStats.summarize(r.runs("api100k.dag")).max()),
            new Row("API at that size: slowest /healthcheck (s)", 2, r -> BenchStats.summarize(r.runs("api100k.health")).max()),
            new Row("API at that size: heap of the node after a full GC (MB)", 0, r -> BenchStats.summarize(r.runs("api100k.heap_mb")).max()));

    private static double first(BenchReport r, String key) {
        double[] v = r.runs(key);
        return v.length == 0 ? Double.NaN : v[0];
    }

    private static double last(BenchReport r, String key) {
        double[] v = r.runs(key);
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    static String render(List<Path> files) throws IOException {
        List<BenchReport> runs = new ArrayList<>();
        StringBuilder head = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Path f : files) {
            runs.add(BenchReport.ofFigures(f));
            String name = f.getFileName().toString();
            head.append(' ').append(name.equals("figures.tsv") ? "this run" : name.replaceFirst("\\.tsv$", "")).append(" |");
            rule.append("---|");
        }
        StringBuilder o = new StringBuilder(head).append(" median (min–max, n) |\n").append(rule).append("---|\n");
        for (Row row : ROWS) {
            double[] values = runs.stream().mapToDouble(row.value()).toArray();
            o.append("| ").append(row.label()).append(" |");
            for (double v : values) {
                o.append(' ').append(Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + row.decimals() + "f", v)).append(" |");
            }
            double[] measured = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
            o.append(' ').append(BenchStats.summarize(measured).format(row.decimals())).append(" |\n");
        }
        return o.toString();
    }

    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            files.add(Path.of(a));
        }
        System.out.print(render(files));
    }
}
