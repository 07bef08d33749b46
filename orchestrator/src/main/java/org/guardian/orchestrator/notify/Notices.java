package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.orchestrator.core.NotificationEvent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The notices of each event, with their subject and text. */
public final class Notices {
    private static final String PREFIX = "[Guardian Orchestrator] ";

    private Notices() {
    }

    public static Notice suppressed(String schedule, int failures, String suppressedAt) {
        return forSchedule(NotificationEvent.SUPPRESSED, schedule, "was suppressed after " + failures
                        + " consecutive failures; POST /api/schedules/" + schedule + "/reset to resume it",
                Map.of("consecutiveFailures", failures), "SUPPRESSED/" + schedule + "/" + suppressedAt);
    }

    public static Notice blocked(String schedule, String reason, long transition) {
        return forSchedule(NotificationEvent.BLOCKED, schedule, "is BLOCKED and does not run: " + reason,
                Map.of("reason", reason), "BLOCKED/" + schedule + "/" + transition);
    }

    public static Notice unblocked(String schedule, long transition) {
        return forSchedule(NotificationEvent.UNBLOCKED, schedule, "is no longer BLOCKED and runs again", Map.of(),
                "UNBLOCKED/" + schedule + "/" + transition);
    }

    public static Notice failed(FireRequest attempt, String status, String error) {
        return forSchedule(NotificationEvent.FAILED, attempt.schedule(), "attempt " + attempt.attempt() + " of "
                        + attempt.scheduledFireTime() + " ended " + status + " and no retry follows: " + error,
                attemptDetails(attempt, error), "FAILED/" + key(attempt));
    }

    public static Notice timeout(FireRequest attempt, String error) {
        return forSchedule(NotificationEvent.TIMEOUT, attempt.schedule(), "attempt " + attempt.attempt() + " of "
                + attempt.scheduledFireTime() + " timed out: " + error, attemptDetails(attempt, error), "TIMEOUT/" + key(attempt));
    }

    public static Notice nodeDead(String node, List<Long> incarnations, String reason, String by) {
        return new Notice(NotificationEvent.NODE_DEAD, null, node, PREFIX + "NODE_DEAD: " + node,
                "Node " + node + " was declared dead by " + by + " and fenced (" + reason + "); its work is recovered.",
                Map.of("node", node, "incarnations", incarnations, "reason", reason, "fencedBy", by),
                "NODE_DEAD/" + node + "/" + incarnations);
    }

    public static Notice criticalAlert(String schedule, Object alertId, String metric, Object value) {
        return new Notice(NotificationEvent.ALERT_CRITICAL, schedule, "alert:" + metric, PREFIX + "ALERT_CRITICAL: "
                + metric, "Guardian raised a CRITICAL alert: " + metric + " at " + value + " (check by " + schedule + ").",
                Map.of("metric", metric, "value", String.valueOf(value), "alertId", String.valueOf(alertId)),
                "ALERT_CRITICAL/" + metric + "/" + alertId);
    }

    public static Notice test(String user) {
        return new Notice(NotificationEvent.TEST, null, "test", PREFIX + "TEST", "A test notification sent by " + user
                + " through POST /api/notifications/test.", Map.of("user", user), "TEST/" + UUID.randomUUID());
    }

    private static Notice forSchedule(NotificationEvent event, String schedule, String what, Map<String, Object> details,
                                      String dedupeKey) {
        return new Notice(event, schedule, schedule, PREFIX + event + ": " + schedule, "Schedule " + schedule + " " + what
                + ".", details, dedupeKey);
    }

    private static Map<String, Object> attemptDetails(FireRequest attempt, String error) {
        return Map.of("attempt", attempt.attempt(), "kind", attempt.kind().name(),
                "scheduledFireTime", String.valueOf(attempt.scheduledFireTime()), "error", String.valueOf(error));
    }

    private static String key(FireRequest attempt) {
        return attempt.schedule() + "/" + attempt.scheduledFireTime() + "/" + attempt.attempt();
    }
}
