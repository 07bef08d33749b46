package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.SchedulerView;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/** The cluster as this node sees it: its nodes and their clocks, whether it is paused, how many attempts run. */
public final class ClusterView {
    private final String nodeId;
    private final ScheduleService service;
    private final SchedulerStateDao nodes;
    private final RunDao runs;

    public ClusterView(String nodeId, Jdbi jdbi, ScheduleService service) {
        this.nodeId = nodeId;
        this.service = service;
        this.nodes = jdbi.onDemand(SchedulerStateDao.class);
        this.runs = jdbi.onDemand(RunDao.class);
    }

    public SchedulerView now() {
        return new SchedulerView(nodeId, service.isGloballyPaused(), runs.runningCount(),
                nodes.all().stream().map(n -> new SchedulerView.Node(n.id(),
                        n.lastCheckinMillis() == null ? null : Instant.ofEpochMilli(n.lastCheckinMillis()),
                        n.checkinIntervalMillis(), n.clockOffsetMillis())).toList());
    }
}
