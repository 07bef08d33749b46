package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.OrchestratorNode;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** A timed-out attempt is ended on time even while every connection of the application pool is taken. */
@Timeout(120)
class ExhaustedPoolTimeoutIT {
    private static final String SLEEPING = "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'"
            + " AND state = 'active' AND query_start >= ";

    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aTimeoutCancelsTheStatementWhileThePoolIsExhausted() throws Exception {
        schedule(db, "sleeps_in_pg").cron(QuietCron.daily()).operation("pg_sleep", "{\"seconds\": 60}")
                .maxDuration("2 seconds").insert();
        OrchestratorNode node = cluster.start("node-a");
        // statements of earlier tests (a node killed mid-attempt) may still sleep: only ours counts
        String ours = SLEEPING + "'" + scalar(db, "SELECT now()") + "'";
        node.service().trigger("sleeps_in_pg", "tester", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> scalar(db, ours) != null);
        String pid = scalar(db, ours);

        List<Connection> held = exhaust(cluster.pool(node));
        try {
            // the deadline is at most 2 s away; the promise is the statement ends within 2 s of it
            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                    .until(() -> scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid
                            + " AND state = 'active' AND query LIKE 'SELECT pg_sleep%'").equals("0"));
        } finally {
            release(held);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(db, "sleeps_in_pg").stream()
                .noneMatch(r -> r.status().equals("RUNNING")));
        assertThat(runs(db, "sleeps_in_pg")).extracting(r -> r.status()).containsExactly("TIMEOUT");
    }

    /** Takes every connection the pool will give besides the one the attempt holds. */
    private static List<Connection> exhaust(ComboPooledDataSource pool) throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int i = 1; i < pool.getMaxPoolSize(); i++) {
            held.add(pool.getConnection());
        }
        return held;
    }

    private static void release(List<Connection> held) throws SQLException {
        for (Connection connection : held) {
            connection.close();
        }
    }
}
