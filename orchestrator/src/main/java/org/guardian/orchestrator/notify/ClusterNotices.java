package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.scheduler.store.PeerFenceListener;
import org.guardian.orchestrator.scheduler.sync.BlockListener;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The notices of the cluster: schedules blocked and unblocked by this node's reconcile passes, and
 * peers this node declared dead. The latter are raised on a thread of their own, as the fence is
 * heard inside Quartz's check-in (a node that dies before raising it loses that notice).
 */
public final class ClusterNotices implements BlockListener, PeerFenceListener, AutoCloseable {
    private final Notifier notifier;
    private final ExecutorService later = Executors.newSingleThreadExecutor(DaemonThreads.named("orch-notices"));

    public ClusterNotices(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void blocked(String schedule, String reason, long transition) {
        notifier.tell(Notices.blocked(schedule, reason, transition));
    }

    @Override
    public void unblocked(String schedule, long transition) {
        notifier.tell(Notices.unblocked(schedule, transition));
    }

    @Override
    public void fenced(String node, List<Long> incarnations, String reason, String fencedBy) {
        try {
            later.execute(() -> notifier.tell(Notices.nodeDead(node, incarnations, reason, fencedBy)));
        } catch (RejectedExecutionException e) {
            // the node is stopping
        }
    }

    @Override
    public void close() {
        later.shutdown();
    }
}
