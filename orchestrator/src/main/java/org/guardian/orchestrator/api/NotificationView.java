package org.guardian.orchestrator.api;

import org.guardian.orchestrator.core.Notification;

import java.time.Instant;

/** One notification as the API shows it. */
public record NotificationView(
        long id,
        String event,
        String schedule,
        String channel,
        String recipient,
        String subject,
        String text,
        String status,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant sentAt,
        String raisedBy,
        String sentBy) {

    public static NotificationView of(Notification n) {
        return new NotificationView(n.id(), n.event(), n.schedule(), n.channel(), n.recipient(), n.subject(), n.body(),
                n.status(), n.attempts(), n.lastError(), n.createdAt(), n.sentAt(), n.raisedBy(), n.sentBy());
    }
}
