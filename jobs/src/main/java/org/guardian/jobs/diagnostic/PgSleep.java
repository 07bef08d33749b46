package org.guardian.jobs.diagnostic;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.sql.PreparedStatement;
import java.util.List;

/** Sleeps inside PostgreSQL, to prove that a timeout cancels the statement for real. */
public final class PgSleep implements Operation {
    @Override
    public String name() {
        return "pg_sleep";
    }

    @Override
    public String description() {
        return "Diagnostic: runs SELECT pg_sleep(seconds) in PostgreSQL.";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.number("seconds", 1, 0, 86_400, "how long PostgreSQL sleeps"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws Exception {
        double seconds = context.config().getDouble("seconds");
        try (PreparedStatement statement = context.connection().prepareStatement("SELECT pg_sleep(?)")) {
            statement.setDouble(1, seconds);
            statement.execute();
        }
        return OperationResult.of("slept_seconds", seconds);
    }
}
