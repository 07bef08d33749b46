package org.guardian.orchestrator.core;

import java.time.Instant;

/** One notification row: an event told on one channel, and how its sending went. */
public record Notification(long id, String event, String schedule, String channel, String recipient, String subject,
                           String body, String status, int attempts, String lastError, Instant createdAt,
                           Instant sentAt, String raisedBy, String sentBy) {
}
