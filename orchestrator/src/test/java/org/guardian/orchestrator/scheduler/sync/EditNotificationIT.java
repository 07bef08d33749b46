package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronTrigger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A definition edited by hand in SQL reaches Quartz as soon as the table's NOTIFY is heard, not at
 * the next poll of its signature (here a minute away), and still after the listening session is lost;
 * after the cluster's full pass, the catch-up reconciles the schedules edited since, not every one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EditNotificationIT {
    private static final Consumer<SchedulerSettings> RARE_POLLS = settings -> settings.setReconcileIntervalSeconds(60);

    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aCronEditedInSqlIsInQuartzWithinSecondsWithoutWaitingForThePoll() throws Exception {
        schedule(db, "edited_in_sql").cron("0 0 3 * * ?").insert();
        OrchestratorNode node = cluster.start("node-a", RARE_POLLS);

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'edited_in_sql'");
        await().atMost(Duration.ofSeconds(5)).until(() -> cronOf(node, "edited_in_sql").equals("0 0 4 * * ?"));

        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " VALUES ('inserted_in_sql', 'noop', '0 0 5 * * ?')");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.scheduler().checkExists(QuartzKeys.job("inserted_in_sql")));
        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'inserted_in_sql'");
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.scheduler().checkExists(QuartzKeys.job("inserted_in_sql")));
    }

    /**
     * Every node hears the edit; the first to hold the pass lock reconciles the schedules edited since
     * the cluster's full pass, and the other finds Quartz recorded matching the table as it is, so it
     * examines only what its own operations decide: neither makes a full pass.
     */
    @Test
    void anEditHeardByEveryNodeIsExaminedOnceInTheClusterWithoutAFullPass() throws Exception {
        schedule(db, "edited_once").cron("0 0 3 * * ?").insert();
        OrchestratorNode a = cluster.start("node-a", RARE_POLLS);
        OrchestratorNode b = cluster.start("node-b", RARE_POLLS);
        int passesA = a.synchronizer().passes();
        int passesB = b.synchronizer().passes();
        int fullBefore = a.synchronizer().fullPasses() + b.synchronizer().fullPasses();

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'edited_once'");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.synchronizer().passes() > passesA
                && b.synchronizer().passes() > passesB);

        assertThat(cronOf(a, "edited_once")).isEqualTo("0 0 4 * * ?");
        assertThat(a.synchronizer().fullPasses() + b.synchronizer().fullPasses() - fullBefore)
                .as("full passes the two nodes made after the edit").isZero();
        assertThat(a.synchronizer().examined() + b.synchronizer().examined())
                .as("schedules the two nodes' passes examined after the edit").isEqualTo(1);
    }

    /** After the cluster's full pass, an edit costs its own schedule's cron, not every schedule's. */
    @Test
    void anEditAfterAFullPassIsReconciledWithoutExaminingTheOtherSchedules() throws Exception {
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'steady_' || i, 'noop', '0 ' || (i % 60) || ' ' || (i % 24) || ' * * ?'"
                + " FROM generate_series(1, 300) i");
        schedule(db, "edited_alone").cron("0 0 3 * * ?").insert();
        OrchestratorNode node = cluster.start("node-a", RARE_POLLS);
        int full = node.synchronizer().fullPasses();

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'edited_alone'");
        await().atMost(Duration.ofSeconds(5)).until(() -> cronOf(node, "edited_alone").equals("0 0 4 * * ?"));

        assertThat(node.synchronizer().fullPasses()).as("full passes since the start").isEqualTo(full);
        assertThat(node.synchronizer().examined()).as("schedules the catch-up examined").isEqualTo(1);
    }

    /**
     * The catch-up after a full pass still removes a deleted schedule from Quartz and blocks the one
     * that depended on it, which was not edited itself.
     */
    @Test
    void aDependencyDeletedInSqlAfterAFullPassLeavesQuartzAndBlocksItsDependent() throws Exception {
        schedule(db, "upstream").cron("0 0 3 * * ?").insert();
        schedule(db, "downstream").cron("0 0 4 * * ?").dependsOn("upstream").insert();
        OrchestratorNode node = cluster.start("node-a", RARE_POLLS);

        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'upstream'");
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.scheduler().checkExists(QuartzKeys.job("upstream")));

        await().atMost(Duration.ofSeconds(5)).until(() -> blockedReason("downstream") != null);
        assertThat(blockedReason("downstream")).contains("upstream");
    }

    @Test
    void theListeningSessionIsTheNodesSoThatAPeerFencingItEndsThatSessionToo() throws Exception {
        OrchestratorNode node = cluster.start("node-a", RARE_POLLS);
        await().atMost(Duration.ofSeconds(5)).until(() -> listeners() == 1);

        String applicationName = Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery("SELECT application_name"
                + " FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN orchestrator_schedules'")
                .mapTo(String.class).one());
        assertThat(applicationName).isEqualTo(node.liveness().identity().applicationName());
    }

    @Test
    void anEditIsStillHeardAfterTheListeningSessionWasTerminated() throws Exception {
        schedule(db, "edited_after_loss").cron("0 0 3 * * ?").insert();
        OrchestratorNode node = cluster.start("node-a", RARE_POLLS);
        await().atMost(Duration.ofSeconds(5)).until(() -> listeners() == 1);

        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND query = 'LISTEN orchestrator_schedules'");
        await().atMost(Duration.ofSeconds(15)).until(() -> listeners() == 1);
        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'edited_after_loss'");
        await().atMost(Duration.ofSeconds(5)).until(() -> cronOf(node, "edited_after_loss").equals("0 0 4 * * ?"));
    }

    @Test
    void withNotificationsOffAnEditWaitsForThePoll() throws Exception {
        schedule(db, "edited_unheard").cron("0 0 3 * * ?").insert();
        OrchestratorNode node = cluster.start("node-a", RARE_POLLS.andThen(settings -> settings.setReconcileOnNotify(false)));

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'edited_unheard'");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                .until(() -> cronOf(node, "edited_unheard").equals("0 0 3 * * ?"));
        assertThat(listeners()).isZero();
    }

    private String blockedReason(String schedule) {
        return Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery("SELECT blocked_reason"
                + " FROM orchestrator.maintenance_schedules WHERE operation_name = :name").bind("name", schedule)
                .mapTo(String.class).one());
    }

    /** Sessions of this database listening for edits. */
    private int listeners() {
        return Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND query = 'LISTEN orchestrator_schedules'")
                .mapTo(Integer.class).one());
    }

    private static String cronOf(OrchestratorNode node, String schedule) throws Exception {
        return ((CronTrigger) node.scheduler().getTrigger(QuartzKeys.cronTrigger(schedule, 0))).getCronExpression();
    }
}
