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
 * What the statement triggers on patient_medications cost a write: one-row UPDATEs, each its own
 * transaction, timed in rounds; in each round with every trigger on, with the materialized-view
 * refresh-queue trigger off and with every user trigger off, on the same rows; costs are the
 * differences within a round.
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
        configs.put(ALL, "ALTER TABLE public.patient_medications ENABLE TRIGGER USER");
        configs.put(NO_REFRESH, "ALTER TABLE public.patient_medications ENABLE TRIGGER USER; "
                + "ALTER TABLE public.patient_medications DISABLE TRIGGER queue_view_refresh");
        configs.put(NONE, "ALTER TABLE public.patient_medications DISABLE TRIGGER USER");
        Map<String, List<Double>> perWrite = new LinkedHashMap<>();
        configs.keySet().forEach(k -> perWrite.put(k, new ArrayList<>()));
        long queued = QueueBench.count(admin, "SELECT COUNT(*) FROM public.materialized_view_refresh_queue");
        int rounds = runs * 4;
        QueueBench.exec(admin, "SET synchronous_commit = off");
        int batch = Math.max(1, ids.size() / rounds);
        try {
            for (int round = 0; round < rounds; round++) {
                List<String> slice = ids.subList((round * batch) % ids.size(), Math.min(ids.size(), (round * batch) % ids.size() + batch));
                for (Map.Entry<String, String> config : configs.entrySet()) {
                    QueueBench.exec(admin, config.getValue());
                    perWrite.get(config.getKey()).add(timeWrites(admin, slice));
                }
            }
        } finally {
            QueueBench.exec(admin, "ALTER TABLE public.patient_medications ENABLE TRIGGER USER; RESET synchronous_commit");
        }
        List<Double> refreshCost = differences(perWrite.get(ALL), perWrite.get(NO_REFRESH));
        List<Double> bothCost = differences(perWrite.get(ALL), perWrite.get(NONE));
        OpsBench.log("trigger cost: refresh-queue trigger %s µs, both %s µs per write (paired, median (p25 – p75))",
                quartiles(refreshCost), quartiles(bothCost));
        StringBuilder md = new StringBuilder("## Cost of the statement triggers on patient writes\n\n");
        md.append(String.format(Locale.ROOT, "%d rounds; in each, the three configurations one after the other, each timing the same "
                + "%d one-row `UPDATE patient_medications SET status = …, updated_at = now() WHERE id = ?` (each its own "
                + "transaction, with synchronous_commit off in this session so that the commit's WAL flush, milliseconds and noisy "
                + "here and the same in every configuration, does not drown the triggers' cost; %d rows in all, in a random order); a configuration's cost is the difference "
                + "to another within the same round (paired, so the machine's drift cancels). The refresh queue held %d rows, as "
                + "between two refreshes: the refresh-queue trigger's insert is its NOT EXISTS probe only (the first write after "
                + "a refresh also inserts its row).%n%n| configuration | µs per write, median (p25 – p75) over the rounds |%n|---|---|%n",
                rounds, batch, ids.size(), queued));
        perWrite.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(quartiles(v)).append(" |\n"));
        md.append(String.format(Locale.ROOT, "%n| cost per write (paired differences) | µs, median (p25 – p75) |%n|---|---|%n"
                        + "| the refresh-queue trigger (%s − %s) | %s |%n| both statement triggers, with the dashboard-cache queue's (%s − %s) | %s |%n%n"
                        + "Against a median write of %.0f µs. Where p25 is below zero the cost is within this shared machine's noise.%n",
                ALL, NO_REFRESH, quartiles(refreshCost), ALL, NONE, quartiles(bothCost), QueueBench.median(perWrite.get(ALL))));
        return md.toString();
    }

    private static final String ALL = "every trigger on (as deployed)";
    private static final String NO_REFRESH = "refresh-queue trigger off";
    private static final String NONE = "every user trigger off";

    static List<Double> differences(List<Double> a, List<Double> b) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            d.add(a.get(i) - b.get(i));
        }
        return d;
    }

    static String quartiles(List<Double> v) {
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.0f (%.0f – %.0f)", QueueBench.median(v), sorted.get(sorted.size() / 4),
                sorted.get((sorted.size() * 3) / 4));
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
}
