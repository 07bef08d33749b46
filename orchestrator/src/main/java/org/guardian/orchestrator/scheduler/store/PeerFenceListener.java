package org.guardian.orchestrator.scheduler.store;

import java.util.List;

/**
 * Hears of the peers this node declared dead and fenced (only the node whose fence marked them).
 * Called on the check-in thread, inside Quartz's cluster check-in: it must return at once.
 */
@FunctionalInterface
public interface PeerFenceListener {
    PeerFenceListener NONE = (node, incarnations, reason, by) -> {
    };

    void fenced(String node, List<Long> incarnations, String reason, String fencedBy);
}
