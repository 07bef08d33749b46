package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.testing.OffsetClock;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.listeners.SchedulerListenerSupport;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/**
 * A reconciliation pass over many schedules: those Quartz lacks are added together (in batches of
 * {@link ReconcilePass#BATCH}), each as it should be; a pass over schedules Quartz already holds as
 * it should changes nothing in Quartz; what differs is put right, schedule by schedule; the jobs of
 * schedules deleted from the table are removed together; an edit made while a full pass goes on
 * is put right before it ends, and the row the pass read before it is left alone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReconcilePassIT {
    private static final int SCHEDULES = 1_200;
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void manySchedulesAreAddedTogetherAndAPassOverWhatMatchesChangesNothing() throws Exception {
        int farHour = QuietCron.hour(); // none fires while it is checked
        scalar(db, "WITH i AS (INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule,"
                + " operation_config, is_enabled) SELECT 'many_' || lpad(i::text, 5, '0'), 'noop',"
                + " (i % 60) || ' ' || ((i / 60) % 60) || ' " + farHour + " * * ?', '{}', i % 10 > 0"
                + " FROM generate_series(0, " + (SCHEDULES - 1) + ") i RETURNING 1) SELECT count(*) FROM i");
        scalar(db, "UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 0 1 1 ? 2020'"
                + " WHERE operation_name = 'many_00007' RETURNING 1");

        OrchestratorNode node = cluster.start("pass-node", TestCluster::noPassesOfItsOwn);

        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_name LIKE 'many_%'"))
                .as("a job for each schedule but the one that never fires").isEqualTo(String.valueOf(SCHEDULES - 1));
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.maintenance_schedules s"
                + " JOIN orchestrator.qrtz_cron_triggers c ON c.trigger_name = s.operation_name || '#cron0'"
                + " AND c.cron_expression = s.cron_schedule AND c.time_zone_id = s.time_zone"
                + " WHERE s.operation_name LIKE 'many_%' AND s.is_enabled AND s.next_run > now()"))
                .as("each enabled schedule with its trigger and its next run").isEqualTo(enabledThatFire());
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.maintenance_schedules WHERE operation_name LIKE"
                + " 'many_%' AND NOT is_enabled AND next_run IS NULL AND operation_name || '#cron0' NOT IN"
                + " (SELECT trigger_name FROM orchestrator.qrtz_triggers)")).as("disabled: a job without trigger")
                .isEqualTo(String.valueOf(SCHEDULES / 10));
        assertThat(scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'many_00007'")).isEqualTo("cron: never fires again");

        Set<String> changes = ConcurrentHashMap.newKeySet();
        node.scheduler().getListenerManager().addSchedulerListener(new QuartzChanges(changes));
        node.synchronizer().synchronizeAll();
        assertThat(changes).as("Quartz changes made by a pass over what already matches").isEmpty();

        node.scheduler().unscheduleJob(TriggerKey.triggerKey("many_00123#cron0", "schedules"));
        scalar(db, "UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 30 2 * * ?'"
                + " WHERE operation_name = 'many_00456' RETURNING 1");
        changes.clear();
        node.synchronizer().synchronizeAll();
        assertThat(changes).containsExactlyInAnyOrder("scheduled many_00123#cron0", "unscheduled many_00456#cron0",
                "scheduled many_00456#cron0");
        assertThat(scalar(db, "SELECT cron_expression FROM orchestrator.qrtz_cron_triggers"
                + " WHERE trigger_name = 'many_00456#cron0'")).isEqualTo("0 30 2 * * ?");

        scalar(db, "WITH d AS (DELETE FROM orchestrator.maintenance_schedules WHERE operation_name >= 'many_00500'"
                + " RETURNING 1) SELECT count(*) FROM d");
        changes.clear();
        node.synchronizer().synchronizeAll();
        assertThat(changes).as("a bulk delete of 700 rows: each job removed (two batches), nothing else changed")
                .hasSize(700).allMatch(change -> change.startsWith("deleted many_"));
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_name LIKE 'many_%'"))
                .as("the 500 left but the one that never fires").isEqualTo("499");
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_triggers WHERE trigger_name >= 'many_00500'"))
                .isEqualTo("0");
    }

    @Test
    void anEditMadeWhileAFullPassGoesOnIsReconciledBeforeThePassEnds() throws Exception {
        OffsetClock clock = OffsetClock.fromNow();
        OrchestratorNode node = cluster.start("pass-node", TestCluster::noPassesOfItsOwn, clock);
        scalar(db, "WITH i AS (INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule,"
                + " operation_config) SELECT 'during_' || lpad(i::text, 5, '0'), 'noop', (i % 60) || ' ' || ((i / 60) % 60)"
                + " || ' 3 * * ?', '{}' FROM generate_series(0, " + (SCHEDULES - 1) + ") i RETURNING 1) SELECT count(*) FROM i");
        scalar(db, "WITH i AS (INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule,"
                + " operation_config) VALUES ('zz_edited', 'noop', '0 0 1 * * ?', '{}') RETURNING 1) SELECT count(*) FROM i");
        List<String> stored = new CopyOnWriteArrayList<>();
        AtomicBoolean edited = new AtomicBoolean();
        node.scheduler().getListenerManager().addSchedulerListener(new SchedulerListenerSupport() {
            @Override
            public void jobAdded(JobDetail job) { // the first batch stored: the pass has more than a second to go
                if (edited.compareAndSet(false, true)) {
                    scalar(db, "UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 30 2 * * ?'"
                            + " WHERE operation_name = 'zz_edited' RETURNING 1");
                    clock.advance(Duration.ofSeconds(2));
                }
            }

            @Override
            public void jobScheduled(Trigger trigger) {
                if (trigger.getJobKey().getName().equals("zz_edited")) {
                    stored.add(((CronTrigger) trigger).getCronExpression());
                }
            }
        });

        node.synchronizer().synchronizeAll(); // over a table read before the edit; zz_edited comes last

        assertThat(edited).isTrue();
        assertThat(stored).as("the triggers the pass stored for the schedule edited meanwhile").containsExactly("0 30 2 * * ?");
        assertThat(scalar(db, "SELECT cron_expression FROM orchestrator.qrtz_cron_triggers"
                + " WHERE trigger_name = 'zz_edited#cron0'")).isEqualTo("0 30 2 * * ?");
    }

    private String enabledThatFire() {
        return scalar(db, "SELECT count(*) FROM orchestrator.maintenance_schedules WHERE operation_name LIKE 'many_%'"
                + " AND is_enabled AND operation_name <> 'many_00007'");
    }

    /** Every change a pass makes to Quartz, as "what key". */
    private static final class QuartzChanges extends SchedulerListenerSupport {
        private final Set<String> changes;

        QuartzChanges(Set<String> changes) {
            this.changes = changes;
        }

        @Override
        public void jobScheduled(Trigger trigger) {
            changes.add("scheduled " + trigger.getKey().getName());
        }

        @Override
        public void jobUnscheduled(TriggerKey key) {
            changes.add("unscheduled " + key.getName());
        }

        @Override
        public void jobAdded(JobDetail job) {
            changes.add("added " + job.getKey().getName());
        }

        @Override
        public void jobDeleted(org.quartz.JobKey key) {
            changes.add("deleted " + key.getName());
        }
    }
}
