package org.guardian.orchestrator.api;

import java.time.Instant;
import java.util.List;

/** The cluster as this node sees it. */
public record SchedulerView(String nodeId, boolean globallyPaused, int runningCount, List<Node> nodes) {

    /**
     * A node of the cluster: its last Quartz check-in (null while it has none: its clock is off and
     * it has not started firing) and its clock minus the database's (null before it compared them).
     */
    public record Node(String id, Instant lastCheckin, Long checkinIntervalMillis, Long clockOffsetMillis) {
    }
}
