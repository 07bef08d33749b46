package org.guardian.orchestrator.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.db.NotificationDao;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;

import java.time.Clock;

/**
 * A node's notifications, wired: the notifier, the listeners that raise its notices, and the job
 * factory for the notification jobs. Built before the scheduler (its factory goes into it), then
 * connected to it.
 */
public final class Notifications implements AutoCloseable {
    private final NotificationJobs jobs;
    private final Notifier notifier;
    private final ClusterNotices cluster;
    private final NotificationSweeper sweeper;

    public Notifications(NotificationSettings settings, Jdbi jdbi, String nodeId, Clock clock) {
        NotificationDao dao = jdbi.onDemand(NotificationDao.class);
        Delivery delivery = new Delivery(dao, settings.getMaxAttempts(), settings.getRetryBackoff(), nodeId, clock);
        ObjectMapper json = Jackson.newObjectMapper();
        this.jobs = new NotificationJobs(settings, delivery, dao, clock);
        this.notifier = new Notifier(settings, dao, jobs, json, nodeId, clock);
        this.cluster = new ClusterNotices(notifier);
        this.sweeper = new NotificationSweeper(jdbi, jobs, json, settings.getPendingGrace(), clock);
    }

    public void connect(Scheduler scheduler) {
        jobs.connect(scheduler);
    }

    public NotificationJobs jobs() {
        return jobs;
    }

    public Notifier notifier() {
        return notifier;
    }

    /** Re-schedules the PENDING notifications left without a job. */
    public NotificationSweeper sweeper() {
        return sweeper;
    }

    /** The notices of attempts. */
    public ExecutionListener executionNotices() {
        return new ExecutionNotices(notifier);
    }

    /** The notices of blocks and fences. */
    public ClusterNotices clusterNotices() {
        return cluster;
    }

    @Override
    public void close() {
        sweeper.close();
        cluster.close();
    }
}
