package org.guardian.orchestrator.testing;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import javax.sql.DataSource;

/** A migrated database of its own holding thousands of schedules written by SQL, read with the node's Jdbi plugins. */
public final class ManySchedules {
    private final Jdbi jdbi;

    private ManySchedules(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    /** A fresh database {@code name} with its default schedules and {@code count} noop ones, {@code many_00000}, …. */
    public static ManySchedules in(String name, int count) {
        ManySchedules db = new ManySchedules(TestDatabase.get().freshlyMigratedDatabase(name));
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'many_' || lpad(i::text, 5, '0'), 'noop', (i % 60) || ' ' || (i / 60 % 60) || ' * * * ?'"
                + " FROM generate_series(0, " + (count - 1) + ") i");
        return db;
    }

    /** Runs {@code sql} on every schedule {@code many_N} whose N modulo {@code modulus} is {@code remainder}. */
    public void everyNth(int modulus, int remainder, String sql) {
        execute(sql + " WHERE operation_name LIKE 'many\\_%' AND substr(operation_name, 6)::int % " + modulus
                + " = " + remainder);
    }

    public void execute(String sql) {
        jdbi.useHandle(h -> h.execute(sql));
    }

    public Jdbi jdbi() {
        return jdbi;
    }
}
