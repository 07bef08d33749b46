package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.api.NotificationView;
import org.guardian.orchestrator.api.ScheduleRequest;
import org.guardian.orchestrator.core.NotificationEvent;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.guardian.orchestrator.db.NotificationDao;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** What the API does with notifications: list them (newest first, filtered) and send a test one. */
public final class NotificationService {
    private static final List<String> STATUSES = List.of("PENDING", "SENT", "FAILED", "RATE_LIMITED");

    private final NotificationDao dao;
    private final Notifier notifier;

    public NotificationService(Jdbi jdbi, Notifier notifier) {
        this.dao = jdbi.onDemand(NotificationDao.class);
        this.notifier = notifier;
    }

    /** @throws RefusedException (MALFORMED) naming the parameter that is not valid */
    public List<NotificationView> list(String status, String schedule, String event, int limit) {
        if (status != null && !STATUSES.contains(status.toUpperCase())) {
            throw RefusedException.malformed(List.of("status: must be one of " + STATUSES));
        }
        if (schedule != null && !schedule.matches(ScheduleRequest.NAME_PATTERN)) {
            throw RefusedException.malformed(List.of("schedule: must be a schedule name (" + ScheduleRequest.NAME_PATTERN + ")"));
        }
        return dao.page(status == null ? null : status.toUpperCase(), schedule, event(event), limit).stream()
                .map(NotificationView::of).toList();
    }

    private static String event(String text) {
        if (text == null) {
            return null;
        }
        try {
            return NotificationEvent.valueOf(text.toUpperCase()).name();
        } catch (IllegalArgumentException e) {
            throw RefusedException.malformed(List.of("event: must be one of " + List.of(NotificationEvent.values())));
        }
    }

    /**
     * Sends a test notification to every configured channel.
     *
     * @return the ids of the notifications recorded
     * @throws RefusedException (CONFLICT) when no channel is configured
     */
    public List<Long> sendTest(String user) {
        if (!notifier.anyChannel()) {
            throw RefusedException.conflict("no notification channel is configured: set ORCH_SMTP_HOST, ORCH_SMTP_FROM"
                    + " and ORCH_SMTP_TO for email, or ORCH_WEBHOOK_URL for a webhook, and restart the node");
        }
        try {
            return notifier.raise(Notices.test(user));
        } catch (Exception e) {
            throw new SchedulingUnavailableException("the test notification could not be stored: " + e.getMessage(), e);
        }
    }
}
