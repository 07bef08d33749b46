import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the statement triggers on patient_medications cost a write: WRITES one-row UPDATEs, each its
 * own transaction (autocommit, synchronous_commit as configured), with every trigger on, with the
 * materialized-view refresh-queue trigger off, and with every user trigger off; configurations
 * alternated within each run.
 */
final class TriggerCost {
    private TriggerCost() {
    }

    static String measure(Connection admin, int writes, int runs) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM public.patient_medications ORDER BY md5(id::text) LIMIT " + writes)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("every trigger on (as deployed)", "ALTER TABLE public.patient_medications ENABLE TRIGGER USER");
        configs.put("refresh-queue trigger off", "ALTER TABLE public.patient_medications ENABLE TRIGGER USER; "
                + "ALTER TABLE public.patient_medications DISABLE TRIGGER queue_view_refresh");
        configs.put("every user trigger off (no cache queue either)", "ALTER TABLE public.patient_medications DISABLE TRIGGER USER");
        Map<String, List<Double>> perWrite = new LinkedHashMap<>();
        configs.keySet().forEach(k -> perWrite.put(k, new ArrayList<>()));
        long queued = QueueBench.count(admin, "SELECT COUNT(*) FROM public.materialized_view_refresh_queue");
        try {
            for (int run = 0; run < runs; run++) {
                for (Map.Entry<String, String> config : configs.entrySet()) {
                    QueueBench.exec(admin, config.getValue());
                    perWrite.get(config.getKey()).add(timeWrites(admin, ids));
                    OpsBench.log("trigger cost run %d, %s: %.1f µs per write", run + 1, config.getKey(),
                            perWrite.get(config.getKey()).get(run));
                }
            }
        } finally {
            QueueBench.exec(admin, "ALTER TABLE public.patient_medications ENABLE TRIGGER USER");
        }
        double all = QueueBench.median(perWrite.get("every trigger on (as deployed)"));
        double noRefresh = QueueBench.median(perWrite.get("refresh-queue trigger off"));
        double none = QueueBench.median(perWrite.get("every user trigger off (no cache queue either)"));
        StringBuilder md = new StringBuilder("## Cost of the statement triggers on patient writes\n\n");
        md.append(String.format(Locale.ROOT, "%d one-row `UPDATE patient_medications SET status = …, updated_at = now() WHERE id = ?`, "
                + "each its own transaction (synchronous_commit on), rows in a random order; %d runs, configurations alternated. "
                + "The refresh queue held %d rows during the measurement, as it does between two refreshes, so the refresh-queue "
                + "trigger's insert is the NOT EXISTS probe only; the first write after a refresh also inserts its row(s).%n%n"
                + "| configuration | µs per write, median (min – max) |%n|---|---|%n", ids.size(), runs, queued));
        perWrite.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(stats(v)).append(" |\n"));
        md.append(String.format(Locale.ROOT, "%nThe refresh-queue trigger costs %.0f µs per write (%.1f %% of a write); both statement "
                + "triggers together (the dashboard-cache queue as well) %.0f µs (%.1f %%). Differences smaller than the range "
                + "are noise on this shared machine.%n", all - noRefresh, 100 * (all - noRefresh) / all, all - none, 100 * (all - none) / all));
        return md.toString();
    }

    static double timeWrites(Connection admin, List<String> ids) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("UPDATE public.patient_medications SET status = CASE status "
                + "WHEN 'active' THEN 'paused' ELSE 'active' END, updated_at = now() WHERE id = ?::uuid")) {
            long t0 = System.nanoTime();
            for (String id : ids) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return (System.nanoTime() - t0) / 1e3 / ids.size();
        }
    }

    static String stats(List<Double> v) {
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.0f (%.0f – %.0f)", QueueBench.median(v), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
