package org.guardian.orchestrator.core;

/**
 * The scheduler (Quartz and its store) could not do what a valid request asked, for a reason of
 * its own, such as its database being away; the API answers 503. The message says what was done
 * before it failed and what happens next.
 */
public final class SchedulingUnavailableException extends RuntimeException {
    public SchedulingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
