package org.guardian.orchestrator.api;

import java.time.Instant;
import java.util.List;

/** The cluster as this node sees it. */
public record SchedulerView(String nodeId, boolean globallyPaused, int runningCount, List<Node> nodes) {

    /** A node that checks in with the cluster. */
    public record Node(String id, Instant lastCheckin, long checkinIntervalMillis) {
    }
}
