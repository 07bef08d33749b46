package org.guardian.jobs.guardian;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the monthly partitions of each listed table from the current month through premake
 * months ahead (the job pg_partman would do; it is not installed).
 */
public final class PartitionMaintenance implements Operation {
    @Override
    public String name() {
        return "partition_maintenance";
    }

    @Override
    public String description() {
        return "Creates missing monthly partitions from the current month through premake months ahead.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.stringList("table_list", List.of("audit_log", "document_processing_stages"),
                        "partitioned tables of schema public to maintain"),
                ConfigKey.integer("premake", 3, 0, 120, "months ahead of the current one to create"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws SQLException {
        Connection connection = context.connection();
        List<String> tables = context.config().getStringList("table_list");
        PartitionedTables.requireAll(connection, tables);
        int premake = context.config().getInt("premake");
        LocalDate month = LocalDate.now(context.clock()).withDayOfMonth(1);
        List<String> created = new ArrayList<>();
        for (String table : tables) {
            for (int k = 0; k <= premake; k++) {
                context.checkCancelled();
                String name = (String) Jdbc.queryValue(connection, "SELECT public.create_monthly_partition(?, ?)",
                        table, Date.valueOf(month.plusMonths(k)));
                if (name != null) {
                    created.add(name);
                }
            }
        }
        return OperationResult.builder()
                .put("tables", tables)
                .put("through_month", month.plusMonths(premake).toString())
                .put("partitions_created", created)
                .build();
    }
}
