package org.guardian.orchestrator.scheduler.store;

/** What a node does when it learns that its peers declared it dead and fenced it. */
@FunctionalInterface
public interface FenceHandler {
    /** The process exit status of a fenced node: its supervisor restarts it under a new incarnation. */
    int EXIT_STATUS = 75;

    void fenced(String why);
}
