package org.guardian.orchestrator.scheduler.policy;

import org.guardian.jobs.OperationContext;

/**
 * What the timeout guard needs of an attempt besides its context: its statement's backend, and
 * cancelled and abandoned marks.
 */
public interface GuardedAttempt extends OperationContext {
    /** The PostgreSQL backend the attempt's connection runs on, or 0 while it has none. */
    int backendPid();

    /** From now on the attempt is cancelled ({@link #isCancelled()}), whatever it is doing. */
    void markCancelled();

    /** Its operation ignored the cancel and its thread was left running: its connection is its own until it ends. */
    void markAbandoned();
}
