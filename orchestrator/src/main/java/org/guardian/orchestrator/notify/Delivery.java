package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.db.NotificationDao;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * One try of a notification's job: counts the try, sends, records SENT; on failure schedules the
 * next try after a doubling backoff, or records FAILED after the last. A notification that is no
 * longer PENDING (sent by an earlier fire) is not sent again.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final Duration MAX_DELAY = Duration.ofHours(1);
    private static final int MAX_ERROR = 2000;

    /** The sending itself. */
    @FunctionalInterface
    interface Send {
        void send(long id) throws Exception;
    }

    private final NotificationDao dao;
    private final int maxAttempts;
    private final Duration backoff;
    private final String nodeId;
    private final Clock clock;

    public Delivery(NotificationDao dao, int maxAttempts, Duration backoff, String nodeId, Clock clock) {
        this.dao = dao;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    void deliver(JobExecutionContext context, Send send) {
        long id = Long.parseLong(context.getMergedJobDataMap().getString(NotificationJobs.DATA_ID));
        int attempt = dao.startAttempt(id).orElse(0);
        if (attempt == 0) {
            LOG.info("Notification {} is no longer pending; not sent again", id);
            return;
        }
        try {
            send.send(id);
            dao.sent(id, clock.instant(), nodeId);
            LOG.info("Notification {} sent (try {})", id, attempt);
        } catch (Exception e) {
            failed(context, id, attempt, describe(e));
        }
    }

    private void failed(JobExecutionContext context, long id, int attempt, String error) {
        if (attempt < maxAttempts) {
            Duration delay = delay(attempt);
            try {
                context.getScheduler().scheduleJob(NotificationJobs.trigger(context.getJobDetail().getKey(), attempt + 1,
                        clock.instant().plus(delay)));
                dao.tryFailed(id, "PENDING", error);
                LOG.warn("Notification {} try {} failed ({}); next try in {}", id, attempt, error, delay);
                return;
            } catch (Exception e) {
                error = error + "; its next try could not be scheduled: " + e.getMessage();
            }
        }
        dao.tryFailed(id, "FAILED", error);
        LOG.error("Notification {} FAILED after {} tries: {}", id, attempt, error);
    }

    private Duration delay(int attempt) {
        Duration delay = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text.toString();
    }
}
