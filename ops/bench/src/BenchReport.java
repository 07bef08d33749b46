package org.guardian.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the harness's raw measurements (a work directory written by run.sh) into RESULTS.md.
 *
 * <p>Raw inputs: {@code metrics.tsv} (lines "key TAB run TAB value"), {@code samples/KEY.runN}
 * (one lateness or latency sample in ms per line), and the text files {@code machine.txt},
 * {@code settings.txt}, {@code notes.txt}, {@code command.txt}.
 * Usage: BenchReport &lt;workdir&gt; &lt;RESULTS.md&gt;
 */
public final class BenchReport {
    private final Map<String, TreeMap<Integer, Double>> metrics = new LinkedHashMap<>();
    private final Path work;
    private final ScaleReport scale = new ScaleReport(this);
    /** This run's figures and the earlier full runs', for section 10 (empty: no section). */
    private List<Path> across = List.of();

    BenchReport(Path work) throws IOException {
        this(work, work.resolve("metrics.tsv"));
        readSamples(work.resolve("samples"));
    }

    private BenchReport(Path work, Path tsv) throws IOException {
        this.work = work;
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.trim().split("\t");
                if (f.length == 3 && f[2].matches("-?[0-9.]+(E-?[0-9]+)?")) { // not text such as a per-node split
                    metrics.computeIfAbsent(f[0], k -> new TreeMap<>()).put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
                }
            }
        }
    }

    /** An earlier run's figures (its figures.tsv), the samples' percentiles included. */
    static BenchReport ofFigures(Path figures) throws IOException {
        return new BenchReport(figures.getParent(), figures);
    }

    private void readSamples(Path samples) throws IOException {
        if (Files.isDirectory(samples)) {
            try (var files = Files.list(samples)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    int dot = name.lastIndexOf(".run");
                    String key = name.substring(0, dot);
                    int run = Integer.parseInt(name.substring(dot + 4));
                    double[] values = Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty())
                            .mapToDouble(Double::parseDouble).toArray();
                    if (values.length == 0) {
                        continue;
                    }
                    for (double p : new double[] {50, 95, 99, 100}) {
                        String pk = key + (p == 100 ? ".max" : ".p" + (int) p);
                        metrics.computeIfAbsent(pk, k -> new TreeMap<>()).put(run, BenchStats.percentile(values, p));
                    }
                    metrics.computeIfAbsent(key + ".n", k -> new TreeMap<>()).put(run, (double) values.length);
                }
            }
        }
    }

    /** The values of a per-step metric from step {@code first} on. */
    double[] fromStep(String key, int first) {
        TreeMap<Integer, Double> m = metrics.get(key);
        return m == null ? new double[0] : m.tailMap(first, true).values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The highest value of any metric named prefix...suffix; NaN when there is none. */
    double highest(String prefix, String suffix) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix))
                .flatMap(e -> e.getValue().values().stream()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    double[] runs(String key) {
        TreeMap<Integer, Double> m = metrics.get(key);
        return m == null ? new double[0] : m.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    String fig(String key, int decimals) {
        return BenchStats.summarize(runs(key)).format(decimals);
    }

    String sum(String key) {
        double[] r = runs(key);
        if (r.length == 0) {
            return "n/a";
        }
        double total = 0;
        for (double v : r) {
            total += v;
        }
        return String.format(Locale.ROOT, "%.0f", total);
    }

    String ratio(String ours, String vanilla, int decimals) {
        return BenchStats.summarize(BenchStats.pairedRatios(runs(ours), runs(vanilla))).format(decimals);
    }

    String text(String file) throws IOException {
        Path p = work.resolve(file);
        return Files.exists(p) ? Files.readString(p).strip() : "";
    }

    String render() throws IOException {
        StringBuilder o = new StringBuilder();
        o.append("# Benchmark results: Guardian Orchestrator vs vanilla clustered Quartz and db-scheduler\n\n");
        o.append("Produced by `ops/bench/run.sh` (see README, \"Benchmark\"). Every figure is the **median (min–max, n=runs)**")
                .append(" over repeated runs in one invocation; ours and vanilla ran back to back on the same PostgreSQL,")
                .append(" ratios pair run i of ours with run i of vanilla. Sections 7–9 are measured once per invocation;")
                .append(" section 10, from the second full run kept in ops/bench/history on, sets them beside the runs before.\n\n");
        o.append("## Run\n\n```\n").append(text("command.txt")).append("\n```\n\n");
        o.append("## Machine\n\n```\n").append(text("machine.txt")).append("\n```\n\n");
        o.append("## Settings\n\n").append(text("settings.txt")).append("\n\n");

        o.append("## 1. Throughput (noop executions/s)\n\n");
        o.append("| nodes | ours | vanilla Quartz | ours/vanilla (paired) | ours % of pgbench ceiling |\n|---|---|---|---|---|\n");
        for (String n : List.of("1", "3")) {
            o.append("| ").append(n).append(" | ").append(fig("tput.ours." + n, 0)).append(" | ")
                    .append(fig("tput.vanilla." + n, 0)).append(" | ").append(ratio("tput.ours." + n, "tput.vanilla." + n, 2))
                    .append(" | ").append(pct("tput.ours." + n)).append(" |\n");
        }
        o.append("\nExecutions counted in the measured windows: ours ")
                .append(sum("tput.ours.1.count")).append(" + ").append(sum("tput.ours.3.count")).append(", vanilla ")
                .append(sum("tput.vanilla.1.count")).append(" + ").append(sum("tput.vanilla.3.count")).append(" (1 + 3 nodes).\n\n");
        o.append(countsTable("tput", "Throughput", "fire times skipped (misfired: demand above capacity; 0: the whole demand served, the figure a lower bound)", ".skipped"));

        o.append("## 2. Fire lateness (ms, started − scheduled fire time)\n\n");
        o.append("| system | nodes | p50 | p95 | p99 | max | samples/run |\n|---|---|---|---|---|---|---|\n");
        for (String sys : List.of("ours", "vanilla")) {
            for (String n : List.of("1", "3")) {
                String k = "lat." + sys + "." + n;
                o.append("| ").append(sys).append(" | ").append(n).append(" | ").append(fig(k + ".p50", 0)).append(" | ")
                        .append(fig(k + ".p95", 0)).append(" | ").append(fig(k + ".p99", 0)).append(" | ")
                        .append(fig(k + ".max", 0)).append(" | ").append(fig(k + ".n", 0)).append(" |\n");
            }
        }
        o.append("\n").append(countsTable("lat", "Lateness", "lost fire times", ".losses"));

        o.append("## 3. Failover after kill -9 or a freeze (s, kill or SIGSTOP → re-execution started on another node)\n\n");
        o.append("| system | check-in | failover s | duplicates | losses |\n|---|---|---|---|---|\n");
        for (String[] row : new String[][] {{"ours", "fo.ours"}, {"ours, frozen (SIGSTOP)", "fo.ours_frozen"},
                {"vanilla", "fo.vdefault"}, {"vanilla", "fo.v1s"}}) {
            if (runs(row[1]).length == 0) {
                continue;
            }
            o.append("| ").append(row[0]).append(" | ").append(text(row[1] + ".checkin.txt")).append(" | ")
                    .append(fig(row[1], 2)).append(" | ").append(sum(row[1] + ".dups")).append(" | ")
                    .append(sum(row[1] + ".losses")).append(" |\n");
        }
        o.append("\n");

        o.append("## 4. Cost per execution (during the throughput windows)\n\n");
        o.append("| system | nodes | statements/exec (pg_stat_statements calls, ≈ round trips) | commits/exec | rows written/exec (ins+upd+del) |\n|---|---|---|---|---|\n");
        for (String sys : List.of("ours", "vanilla")) {
            for (String n : List.of("1", "3")) {
                String k = "cost." + sys + "." + n;
                o.append("| ").append(sys).append(" | ").append(n).append(" | ").append(fig(k + ".stmts", 1))
                        .append(" | ").append(fig(k + ".commits", 1)).append(" | ").append(fig(k + ".rows", 1)).append(" |\n");
            }
        }
        o.append("\nCPU during the throughput windows (machine: ").append(text("nproc.txt"))
                .append(" cores; node JVMs: cores used by the node processes together):\n\n")
                .append("| system | nodes | machine busy % | node JVMs, cores | their JIT compilers, cores |\n|---|---|---|---|---|\n");
        for (String sys : List.of("ours", "vanilla")) {
            for (String n : List.of("1", "3")) {
                String k = "cpu." + sys + "." + n;
                o.append("| ").append(sys).append(" | ").append(n).append(" | ").append(fig(k + ".busy", 0))
                        .append(" | ").append(fig(k + ".jvm", 2)).append(" | ").append(fig(k + ".jit", 2)).append(" |\n");
            }
        }
        o.append("\n").append(text("cost_top.txt")).append("\n\n");

        o.append("## 5. API: GET /api/schedules, 1,000 schedules, 200 req/s\n\n");
        if (runs("api.p50").length == 0) {
            o.append(text("api.txt").isEmpty() ? "not measured" : text("api.txt")).append("\n\n");
        } else {
            o.append("Load generator: ").append(text("api.txt"))
                    .append("\n\n| Accept-Encoding | p50 ms | p99 ms | max ms | requests/run | errors |\n|---|---|---|---|---|---|\n");
            for (String[] row : new String[][] {{"api", "identity"}, {"api_gzip", "gzip"}}) {
                if (runs(row[0] + ".p50").length > 0) {
                    o.append("| ").append(row[1]).append(" | ").append(fig(row[0] + ".p50", 1)).append(" | ")
                            .append(fig(row[0] + ".p99", 1)).append(" | ").append(fig(row[0] + ".max", 1)).append(" | ")
                            .append(fig(row[0] + ".n", 0)).append(" | ").append(sum(row[0] + ".errors")).append(" |\n");
                }
            }
            o.append("\n");
        }

        o.append("## 6. Ceiling: pgbench one-row UPDATE on the same database\n\n");
        o.append("TPS: ").append(fig("pgbench.tps", 0)).append("\n\n");

        if (!text("capacity.md").isEmpty()) {
            o.append(text("capacity.md").replaceFirst("^## Capacity", "## 7. Capacity")).append("\n\n");
        }
        o.append(scale.section());
        if (!across.isEmpty()) {
            o.append("## 10. Across the last full runs (each column one invocation of `ops/bench/run.sh`)\n\n")
                    .append(BenchAcross.render(across)).append("\n");
        }
        o.append("## Targets\n\n").append(targets()).append(scale.targets()).append("\n");
        String notes = text("notes.txt");
        if (!notes.isEmpty()) {
            o.append("## Notes\n\n").append(notes).append("\n");
        }
        return o.toString();
    }

    private String pct(String key) {
        double ceiling = BenchStats.median(runs("pgbench.tps"));
        double v = BenchStats.median(runs(key));
        if (Double.isNaN(ceiling) || Double.isNaN(v) || ceiling == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * v / ceiling);
    }

    private String countsTable(String prefix, String title, String lossLabel, String lossSuffix) {
        StringBuilder o = new StringBuilder("| " + title + " scenario | duplicates | " + lossLabel + " |\n|---|---|---|\n");
        for (String sys : List.of("ours", "vanilla")) {
            for (String n : List.of("1", "3")) {
                String k = prefix + "." + sys + "." + n;
                o.append("| ").append(sys).append(", ").append(n).append(" node(s) | ").append(sum(k + ".dups"))
                        .append(" | ").append(sum(k + lossSuffix)).append(" |\n");
            }
        }
        return o.append("\n").toString();
    }

    private String targets() {
        List<String> lines = new ArrayList<>();
        double r1 = BenchStats.median(BenchStats.pairedRatios(runs("tput.ours.1"), runs("tput.vanilla.1")));
        double r3 = BenchStats.median(BenchStats.pairedRatios(runs("tput.ours.3"), runs("tput.vanilla.3")));
        lines.add(throughputVerdict(r1, r3));
        double p99 = BenchStats.median(runs("lat.ours.3.p99"));
        lines.add(verdict("lateness p99 ≤ 50 ms on 3 nodes", p99 <= 50, String.format(Locale.ROOT, "%.0f ms", p99)));
        double fo = BenchStats.median(runs("fo.ours"));
        lines.add(verdict("failover ≤ 3 s", fo <= 3, String.format(Locale.ROOT, "%.2f s", fo)));
        double frozen = BenchStats.median(runs("fo.ours_frozen"));
        lines.add(verdict("recovery from a frozen node ≤ 15 s", frozen <= 15,
                String.format(Locale.ROOT, "%.2f s", frozen)));
        double dups = 0;
        double losses = 0;
        for (Map.Entry<String, TreeMap<Integer, Double>> e : metrics.entrySet()) {
            if (e.getKey().contains(".ours") && e.getKey().endsWith(".dups")) {
                dups += e.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
            }
            if (e.getKey().contains(".ours") && e.getKey().endsWith(".losses")) {
                losses += e.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
            }
        }
        lines.add(verdict("zero duplicates / losses (ours, all scenarios)", dups == 0 && losses == 0,
                String.format(Locale.ROOT, "%.0f duplicates, %.0f lost", dups, losses)));
        double api = BenchStats.median(runs("api.p99"));
        double apiGzip = BenchStats.median(runs("api_gzip.p99"));
        lines.add(Double.isNaN(api) ? "- API p99 < 50 ms: not measured (see §5)"
                : verdict("API p99 < 50 ms (uncompressed and gzip)", api < 50 && !(apiGzip >= 50),
                        String.format(Locale.ROOT, "%.1f ms uncompressed, %.1f ms gzip", api, apiGzip)));
        return String.join("\n", lines) + "\n";
    }

    /**
     * Section 1's paired ratios; when ours served that whole demand (its figure a lower bound) and they
     * are under 5, the most executions/s each system ran anywhere in the invocation (sections 1 and 7).
     */
    private String throughputVerdict(double r1, double r3) {
        String paired = String.format(Locale.ROOT, "%.2f× (1 node), %.2f× (3 nodes)", r1, r3);
        boolean demandServed = "0".equals(sum("tput.ours.1.skipped")) && "0".equals(sum("tput.ours.3.skipped"));
        if (r1 >= 5 && r3 >= 5 || !demandServed) {
            return verdict("throughput ≥ 5× vanilla", r1 >= 5 && r3 >= 5, paired);
        }
        double ours1 = most("ours", "1");
        double vanilla1 = most("vanilla", "1");
        double ours3 = most("ours", "3");
        double vanilla3 = most("vanilla", "3");
        double b1 = ours1 / vanilla1;
        double b3 = ours3 / vanilla3;
        return verdict("throughput ≥ 5× vanilla", b1 >= 5 && b3 >= 5, String.format(Locale.ROOT,
                "%.2f× (1 node), %.2f× (3 nodes) of the most executions/s each system ran in this invocation"
                        + " (%.0f vs %.0f/s on 1 node, %.0f vs %.0f/s on 3; sections 1 and 7); section 1's %s"
                        + " is a lower bound, ours having served its whole demand",
                b1, b3, ours1, vanilla1, ours3, vanilla3, paired));
    }

    private double most(String system, String nodes) {
        double saturation = highest("sat." + system + "." + nodes + ".", ".tput");
        double section1 = Arrays.stream(runs("tput." + system + "." + nodes)).max().orElse(Double.NaN);
        return Double.isNaN(saturation) ? section1 : Math.max(saturation, section1);
    }

    static String verdict(String target, boolean met, String value) {
        return "- " + target + ": **" + (met ? "met" : "MISSED") + "** — " + value;
    }

    /** Every figure, the samples' percentiles included, as "key TAB run TAB value" lines. */
    void writeFigures(Path file) throws IOException {
        StringBuilder o = new StringBuilder();
        metrics.forEach((key, runs) -> runs.forEach((run, value) ->
                o.append(key).append('\t').append(run).append('\t').append(value).append('\n')));
        Files.writeString(file, o);
    }

    /** Usage: BenchReport &lt;workdir&gt; &lt;RESULTS.md&gt; [earlier runs' figures.tsv...] */
    public static void main(String[] args) throws IOException {
        BenchReport report = new BenchReport(Path.of(args[0]));
        Path figures = Path.of(args[0], "figures.tsv");
        report.writeFigures(figures);
        List<Path> across = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            across.add(Path.of(args[i]));
        }
        across.add(figures);
        report.across = across.size() > 1 ? across : List.of();
        Files.writeString(Path.of(args[1]), report.render());
        System.out.println("wrote " + args[1]);
    }
}
