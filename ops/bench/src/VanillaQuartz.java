package org.guardian.orchestrator.bench;

import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.Date;
import java.util.Properties;

/**
 * Vanilla clustered Quartz 2.5.2 for the baseline: JobStoreTX + PostgreSQLDelegate + c3p0 on its
 * own tables (schema bench_vanilla), tuned as Quartz's documentation allows (batch acquisition,
 * acquireTriggersWithinLock). Its jobs record (job, fire time, start, instance, recovering) into
 * bench_vanilla.runs so duplicates and losses are counted exactly as for the orchestrator.
 *
 * <pre>
 *   node     &lt;instanceId&gt; &lt;threads&gt; &lt;checkinMs&gt;      runs until killed (SIGTERM: clean stop)
 *   cron     &lt;prefix&gt; &lt;count&gt; &lt;period s&gt;             adds count noop jobs, cron every period s, spread over offsets
 *   longjob  &lt;name&gt; &lt;sleep s&gt; &lt;delay ms&gt;             adds one recoverable sleeping job firing once after delay
 * </pre>
 * Connection settings from BENCH_DB_URL, BENCH_DB_USER, BENCH_DB_PASSWORD.
 */
public final class VanillaQuartz {
    static final String DS = "vanilla";

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("node")) {
            Scheduler s = scheduler(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.shutdown(false);
                } catch (Exception ignored) {
                    // exiting anyway
                }
            }));
            s.start();
            System.out.println("vanilla node " + args[1] + " started");
            Thread.currentThread().join();
        } else if (mode.equals("cron")) {
            Scheduler s = scheduler("loader", 1, 7500);
            String prefix = args[1];
            int count = Integer.parseInt(args[2]);
            int period = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                String cron = period == 1 ? "* * * * * ?" : (i % period) + "/" + period + " * * * * ?";
                // BENCH_VANILLA_NONCONCURRENT=true: the diagnostic variant with @DisallowConcurrentExecution, as ours.
                Class<? extends Job> type = Boolean.parseBoolean(System.getenv("BENCH_VANILLA_NONCONCURRENT"))
                        ? NoopNonConcurrentJob.class : NoopJob.class;
                JobDetail job = JobBuilder.newJob(type).withIdentity(prefix + i).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(prefix + i)
                        .withSchedule(CronScheduleBuilder.cronSchedule(cron)).build();
                s.scheduleJob(job, trigger);
            }
            s.shutdown();
        } else if (mode.equals("clear")) {
            Scheduler s = scheduler("loader", 1, 7500);
            s.clear();
            s.shutdown();
        } else if (mode.equals("longjob")) {
            Scheduler s = scheduler("loader", 1, 7500);
            JobDetail job = JobBuilder.newJob(SleepJob.class).withIdentity(args[1]).requestRecovery(true)
                    .usingJobData("seconds", args[2]).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(args[1])
                    .startAt(new Date(System.currentTimeMillis() + Long.parseLong(args[3])))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()).build();
            s.scheduleJob(job, trigger);
            s.shutdown();
        } else {
            throw new IllegalArgumentException(mode);
        }
    }

    static Scheduler scheduler(String instanceId, int threads, long checkinMs) throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "vanilla");
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(threads));
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "bench_vanilla.qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinMs));
        p.setProperty("org.quartz.jobStore.misfireThreshold", System.getenv().getOrDefault("BENCH_MISFIRE_MS", "5000"));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // Quartz's default (20) unless the harness says otherwise (diagnostics: BENCH_VANILLA_MISFIRE_BATCH)
        p.setProperty("org.quartz.jobStore.maxMisfiresToHandleAtATime",
                System.getenv().getOrDefault("BENCH_VANILLA_MISFIRE_BATCH", "20"));
        p.setProperty("org.quartz.jobStore.dataSource", DS);
        p.setProperty("org.quartz.dataSource." + DS + ".driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource." + DS + ".URL", System.getenv("BENCH_DB_URL"));
        p.setProperty("org.quartz.dataSource." + DS + ".user", System.getenv("BENCH_DB_USER"));
        p.setProperty("org.quartz.dataSource." + DS + ".password", System.getenv().getOrDefault("BENCH_DB_PASSWORD", ""));
        // Same pool as the orchestrator's Quartz pool: threads + 4.
        p.setProperty("org.quartz.dataSource." + DS + ".maxConnections", String.valueOf(threads + 4));
        return new StdSchedulerFactory(p).getScheduler();
    }

    static void record(JobExecutionContext context) throws Exception {
        long start = System.currentTimeMillis();
        long fire = context.getScheduledFireTime().getTime();
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap()
                    .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                fire = Long.parseLong(original);
            }
        }
        try (Connection c = DBConnectionManager.getInstance().getConnection(DS);
             PreparedStatement ps = c.prepareStatement("INSERT INTO bench_vanilla.runs"
                     + " (job, scheduled_fire_time, started_at, instance, recovering) VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(true);
            ps.setString(1, context.getJobDetail().getKey().getName());
            ps.setTimestamp(2, new Timestamp(fire));
            ps.setTimestamp(3, new Timestamp(start));
            ps.setString(4, context.getScheduler().getSchedulerInstanceId());
            ps.setBoolean(5, context.isRecovering());
            ps.executeUpdate();
        }
    }

    public static final class NoopJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                record(context);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    @DisallowConcurrentExecution
    public static final class NoopNonConcurrentJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                record(context);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    @DisallowConcurrentExecution
    public static final class SleepJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                record(context);
                Thread.sleep(1000L * Integer.parseInt(context.getMergedJobDataMap().getString("seconds")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }
}
