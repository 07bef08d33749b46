package org.guardian.orchestrator.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows of {@code maintenance_schedules} that the table accepts but no node can read or schedule as
 * they are, each with what its BLOCKED reason must mention. Written by SQL, as an operator would.
 */
public final class BadRows {
    /** A bad row: its name, the column that makes it bad with its value in SQL, and what its reason mentions. */
    public record Row(String name, String column, String value, String reasonMentions) {
    }

    public static final List<Row> ALL = List.of(
            new Row("null_dependency", "depends_on", "ARRAY[NULL]::text[]", "depends_on"),
            new Row("two_dimensional_dependency", "depends_on", "'{{a,b},{c,d}}'::text[]", "depends_on"),
            new Row("array_config", "operation_config", "'[1,2]'", "operation_config"),
            new Row("text_config", "operation_config", "'\"ten\"'", "operation_config"),
            new Row("null_config_value", "operation_config", "'{\"seconds\": null}'", "seconds"),
            new Row("never_fires", "cron_schedule", "'0 0 0 1 1 ? 2020'", "never fires again"),
            new Row("garbage_cron", "cron_schedule", "'every tuesday'", "cron: invalid"),
            new Row("unknown_zone", "time_zone", "'Mars/Olympus'", "Mars/Olympus"),
            new Row("quartz_overlong_cron", "cron_schedule", "'0 " + everyMinute() + " * * * ?'", "Quartz"));

    private BadRows() {
    }

    /** Inserts every bad row. */
    public static void insertAll(TestDatabase db) {
        for (Row row : ALL) {
            insert(db, row);
        }
    }

    /** A noop firing every second, but for the one column that makes it bad (one insert, never valid). */
    public static void insert(TestDatabase db, Row row) {
        insert(db::execute, row);
    }

    /** The same, through {@code execute} (a database of the test's own). */
    public static void insert(Consumer<String> execute, Row row) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("operation_name", "'" + row.name() + "'");
        columns.put("operation", "'noop'");
        columns.put("cron_schedule", "'* * * * * ?'");
        columns.put(row.column(), row.value());
        execute.accept("INSERT INTO orchestrator.maintenance_schedules (" + String.join(", ", columns.keySet())
                + ") VALUES (" + String.join(", ", columns.values()) + ")");
    }

    /** 0,1,…,59: a valid minute field longer than Quartz's table stores with the rest of its expression. */
    private static String everyMinute() {
        return String.join(",", java.util.stream.IntStream.range(0, 60).mapToObj(Integer::toString).toList());
    }
}
