package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.core.NotificationEvent;

import java.util.Map;

/**
 * An event to tell, before it is routed to channels.
 *
 * @param schedule  the schedule it concerns, or null for a cluster event
 * @param scope     what the rate limit counts by: the schedule, a node or a metric
 * @param dedupeKey the same key noticed twice (by two nodes) is told once
 * @param details   structured facts for the webhook's JSON
 */
public record Notice(NotificationEvent event, String schedule, String scope, String subject, String text,
                     Map<String, Object> details, String dedupeKey) {

    public Notice {
        details = Map.copyOf(details);
    }
}
