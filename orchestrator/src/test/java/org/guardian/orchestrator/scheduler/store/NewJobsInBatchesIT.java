package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/**
 * Jobs added together are stored in batches: the rows are those Quartz writes job by job, a batch
 * holding a key that exists is refused whole as Quartz refuses it, and while the cluster is paused
 * new triggers are stored PAUSED as Quartz stores them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NewJobsInBatchesIT {
    private static final String GROUP = "batch-test";
    private static final int JOBS = 300;
    private static final Date START = Date.from(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void jobsAddedTogetherHoldTheRowsQuartzWritesOneByOne() throws Exception {
        Scheduler scheduler = cluster.start("batch-node").scheduler();

        scheduler.scheduleJobs(jobs("together_", JOBS), false);
        for (Map.Entry<JobDetail, Set<? extends Trigger>> job : jobs("alone_", JOBS).entrySet()) {
            scheduler.scheduleJob(job.getKey(), job.getValue(), false);
        }

        assertThat(count("qrtz_job_details", "job_name", "together_")).isEqualTo(String.valueOf(JOBS));
        assertThat(count("qrtz_cron_triggers", "trigger_name", "together_")).isEqualTo(String.valueOf(2 * JOBS));
        assertThat(differences("qrtz_job_details", "job_name")).as("job rows unlike Quartz's own").isEqualTo("0");
        assertThat(differences("qrtz_triggers", "trigger_name")).as("trigger rows unlike Quartz's own").isEqualTo("0");
        assertThat(differences("qrtz_cron_triggers", "trigger_name")).as("cron rows unlike Quartz's").isEqualTo("0");
    }

    @Test
    void aBatchHoldingAKeyThatExistsIsRefusedWhole() throws Exception {
        Scheduler scheduler = cluster.start("batch-node").scheduler();
        Map<JobDetail, Set<? extends Trigger>> existing = jobs("taken_", 1);
        scheduler.scheduleJobs(existing, false);
        Map<JobDetail, Set<? extends Trigger>> batch = jobs("fresh_", 50);
        batch.putAll(jobs("taken_", 1));

        assertThatThrownBy(() -> scheduler.scheduleJobs(batch, false)).isInstanceOf(ObjectAlreadyExistsException.class);

        assertThat(count("qrtz_job_details", "job_name", "fresh_")).as("new jobs of the refused batch").isEqualTo("0");
        assertThat(count("qrtz_job_details", "job_name", "taken_")).isEqualTo("1");
    }

    @Test
    void whileTheClusterIsPausedNewTriggersAreStoredPaused() throws Exception {
        Scheduler scheduler = cluster.start("batch-node").scheduler();
        scheduler.pauseAll();

        scheduler.scheduleJobs(jobs("paused_", 20), false);

        assertThat(scalar(db, "SELECT string_agg(DISTINCT trigger_state, ',') FROM orchestrator.qrtz_triggers"
                + " WHERE trigger_name LIKE 'paused\\_%'")).isEqualTo("PAUSED");
        assertThat(count("qrtz_triggers", "trigger_name", "paused_")).isEqualTo("40");
    }

    /** Jobs named prefix + i, each with two cron triggers that fire in years to come, one with a zone. */
    private static Map<JobDetail, Set<? extends Trigger>> jobs(String prefix, int count) {
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            JobDetail job = JobBuilder.newJob(Idle.class).withIdentity(prefix + i, GROUP).storeDurably()
                    .requestRecovery().usingJobData("schedule", "s" + i).withDescription("job " + i).build();
            Trigger plain = TriggerBuilder.newTrigger().withIdentity(prefix + i + "#cron0", GROUP).forJob(job).startAt(START)
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 " + (i % 60) + " 3 1 1 ? 2099")
                            .withMisfireHandlingInstructionDoNothing()).withPriority(i % 7).build();
            Trigger zoned = TriggerBuilder.newTrigger().withIdentity(prefix + i + "#cron1", GROUP).forJob(job).startAt(START)
                    .usingJobData("part", "1").withSchedule(CronScheduleBuilder.cronSchedule("0 0 4 2 2 ? 2099")
                            .inTimeZone(TimeZone.getTimeZone("Europe/Paris"))).build();
            jobs.put(job, Set.of(plain, zoned));
        }
        return jobs;
    }

    private String count(String table, String column, String prefix) {
        return scalar(db, "SELECT count(*) FROM orchestrator." + table + " WHERE " + column + " LIKE '" + prefix + "%'");
    }

    /** Rows of {@code table} (name prefix taken off every text column) stored together and not alone, or the reverse. */
    private String differences(String table, String nameColumn) {
        String together = normalized(table, nameColumn, "together_");
        String alone = normalized(table, nameColumn, "alone_");
        return scalar(db, "SELECT count(*) FROM ((" + together + " EXCEPT ALL " + alone + ") UNION ALL (" + alone
                + " EXCEPT ALL " + together + ")) d");
    }

    /** Job data is compared as the properties it holds, without the time stamp Quartz writes with them. */
    private static String normalized(String table, String nameColumn, String prefix) {
        String data = table.equals("qrtz_cron_triggers") ? "''"
                : "coalesce(regexp_replace(convert_from(t.job_data, 'UTF8'), '#[^\\n]*\\n', '', 'g'), '')";
        return "SELECT regexp_replace((to_jsonb(t) - 'job_data')::text, '" + prefix + "', '', 'g') || " + data
                + " AS r FROM orchestrator." + table + " t WHERE " + nameColumn + " LIKE '" + prefix + "%'";
    }

    /** Never runs: its triggers fire in 2099. */
    public static final class Idle implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }
}
