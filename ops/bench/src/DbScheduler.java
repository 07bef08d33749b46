package org.guardian.orchestrator.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.PlainScheduleAndData;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTaskWithPersistentSchedule;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.mchange.v2.c3p0.ComboPooledDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * db-scheduler (com.github.kagkarlsson:db-scheduler) as the third system: N instances of one
 * recurring task with a persisted every-second schedule ({@code recurringWithPersistentSchedule}),
 * table bench_dbs.scheduled_tasks, its documented fast settings ({@code pollUsingLockAndFetch},
 * 100 ms polling), the same threads and pool size as the others (c3p0, threads + 4). Each
 * execution inserts one row (job, fire time, start, instance, recovering=false) into bench_dbs.runs.
 *
 * <pre>
 *   node  &lt;name&gt; &lt;threads&gt;                 runs until killed (SIGTERM: clean stop)
 *   cron  &lt;prefix&gt; &lt;count&gt;                  adds count instances firing every second
 * </pre>
 * Connection settings from BENCH_DB_URL, BENCH_DB_USER, BENCH_DB_PASSWORD.
 */
public final class DbScheduler {
    static final String TABLE = "bench_dbs.scheduled_tasks";

    public static void main(String[] args) throws Exception {
        int threads = args[0].equals("node") ? Integer.parseInt(args[2]) : 1;
        String name = args[1];
        ComboPooledDataSource pool = pool(threads + 4);
        RecurringTaskWithPersistentSchedule<PlainScheduleAndData> task = Tasks
                .recurringWithPersistentSchedule("bench", PlainScheduleAndData.class)
                .execute((instance, context) -> record(pool, name, instance, context));
        if (args[0].equals("node")) {
            Scheduler s = Scheduler.create(pool, List.of(task)).tableName(TABLE).threads(threads)
                    .pollingInterval(Duration.ofMillis(100)).pollUsingLockAndFetch(0.5, 1.0)
                    .schedulerName(new SchedulerName.Fixed(name)).registerShutdownHook().build();
            s.start();
            System.out.println("db-scheduler node " + args[1] + " started");
            Thread.currentThread().join();
        } else if (args[0].equals("cron")) {
            Scheduler s = Scheduler.create(pool, List.of(task)).tableName(TABLE).build();
            int count = Integer.parseInt(args[2]);
            Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            List<TaskInstance<PlainScheduleAndData>> instances = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                instances.add(task.instance(args[1] + i, new PlainScheduleAndData(new EverySecond())));
            }
            for (TaskInstance<PlainScheduleAndData> instance : instances) {
                s.schedule(instance, first);
            }
            pool.close();
        } else {
            throw new IllegalArgumentException(args[0]);
        }
    }

    static ComboPooledDataSource pool(int size) {
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setJdbcUrl(System.getenv("BENCH_DB_URL"));
        pool.setUser(System.getenv("BENCH_DB_USER"));
        pool.setPassword(System.getenv().getOrDefault("BENCH_DB_PASSWORD", ""));
        pool.setMaxPoolSize(size);
        return pool;
    }

    static void record(ComboPooledDataSource pool, String node, TaskInstance<PlainScheduleAndData> instance,
                       ExecutionContext context) {
        long start = System.currentTimeMillis();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO bench_dbs.runs"
                     + " (job, scheduled_fire_time, started_at, instance, recovering) VALUES (?, ?, ?, ?, false)")) {
            c.setAutoCommit(true);
            ps.setString(1, instance.getId());
            ps.setTimestamp(2, Timestamp.from(context.getExecution().executionTime));
            ps.setTimestamp(3, new Timestamp(start));
            ps.setString(4, node);
            ps.executeUpdate();
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /**
     * Every second, at whole seconds: the next whole second after the execution ended (a missed one
     * is skipped, as by the others' crons). db-scheduler's own {@code Schedules.cron("* * * * * *")}
     * computes from the end without dropping its fraction (measured: 16:42:33.396, then 16:42:34.488),
     * so its fire times drift and it runs about 1 / (1 + lateness) times a second.
     */
    public static final class EverySecond implements Schedule, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Instant getNextExecutionTime(ExecutionComplete done) {
            return done.getTimeDone().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        }

        @Override
        public boolean isDeterministic() {
            return true;
        }
    }
}
