package org.guardian.orchestrator.core;


import java.time.Instant;

/**
 * What one Quartz firing asks for: which attempt of which fire time of which schedule.
 *
 * @param requestedBy the user, for MANUAL attempts (and their retries)
 * @param force       run even if dependencies are unmet (MANUAL only)
 */
public record FireRequest(String schedule, TriggerKind kind, Instant scheduledFireTime, int attempt,
                          String requestedBy, boolean force) {

    public FireRequest withAttempt(TriggerKind newKind, Instant fireTime, int newAttempt) {
        return new FireRequest(schedule, newKind, fireTime, newAttempt, requestedBy, force);
    }
}
