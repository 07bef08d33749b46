package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.core.DaemonThreads;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.core.Notification;
import org.guardian.orchestrator.db.NotificationDao;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.guardian.orchestrator.scheduler.LoopProgress;
import org.jdbi.v3.core.Jdbi;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Schedules again the PENDING notifications that no Quartz job will send: their raiser died between
 * recording the row and storing the job, or the database was unreachable when a try began or ended.
 * Rows older than the grace period are locked ({@code FOR UPDATE SKIP LOCKED}, so one node looks at
 * each) and a row whose job is missing gets one, under its unique job key (never a second job).
 */
public final class NotificationSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationSweeper.class);
    private static final int BATCH = 200;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final FailureStreak failing = new FailureStreak(LOG, "Sweeping pending notifications");
    private final Jdbi jdbi;
    private final NotificationJobs jobs;
    private final ObjectMapper json;
    private final Duration grace;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-notification-sweeper"));

    NotificationSweeper(Jdbi jdbi, NotificationJobs jobs, ObjectMapper json, Duration grace, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.json = json;
        this.grace = grace;
        this.clock = clock;
    }

    /** Sweeps every {@code period}, each successful sweep recorded in {@code progress}. */
    public void start(Duration period, LoopProgress progress) {
        thread.scheduleWithFixedDelay(() -> sweepQuietly(progress), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly(LoopProgress progress) {
        try {
            sweep();
            progress.beat();
            failing.succeeded();
        } catch (Throwable t) {
            failing.failed(t);
        }
    }

    /** One sweep; returns the ids of the notifications scheduled again. */
    List<Long> sweep() throws SchedulerException {
        return jdbi.inTransaction(h -> {
            List<Long> again = new ArrayList<>();
            for (Notification row : h.attach(NotificationDao.class).lockPendingBefore(clock.instant().minus(grace), BATCH)) {
                String payload = h.attach(NotificationDao.class).payload(row.id()).orElse("{}");
                if (jobs.reschedule(row, details(payload))) {
                    again.add(row.id());
                    LOG.warn("Notification {} ({} of {}, {}) was PENDING without a job; scheduled again", row.id(),
                            row.event(), row.schedule(), row.channel());
                }
            }
            return again;
        });
    }

    private Map<String, Object> details(String payload) {
        try {
            JsonNode details = json.readTree(payload).path("details");
            return details.isObject() ? json.convertValue(details, MAP) : Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
