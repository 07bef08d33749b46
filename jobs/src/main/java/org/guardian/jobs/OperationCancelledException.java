package org.guardian.jobs;

/** Thrown by {@link OperationContext#checkCancelled()} once an attempt is cancelled. */
public class OperationCancelledException extends RuntimeException {
    public OperationCancelledException() {
        super("operation cancelled");
    }
}
