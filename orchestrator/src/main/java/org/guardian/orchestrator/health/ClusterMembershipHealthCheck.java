package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.annotation.Async;
import org.guardian.orchestrator.scheduler.store.SchedulerStateDao;

import java.util.Optional;

/**
 * This node checked in to the Quartz cluster recently: its check-in record is
 * younger than a few check-in intervals. A stale row means the other nodes will soon (or already
 * did) take over its work.
 */
@Async(period = BackgroundChecks.PERIOD_SECONDS, scheduleType = Async.ScheduleType.FIXED_DELAY,
        healthyTtl = BackgroundChecks.FRESH_SECONDS)
public final class ClusterMembershipHealthCheck extends HealthCheck {
    private final SchedulerStateDao state;
    private final String nodeId;
    private final long maxAgeMillis;

    public ClusterMembershipHealthCheck(SchedulerStateDao state, String nodeId, long maxAgeMillis) {
        this.state = state;
        this.nodeId = nodeId;
        this.maxAgeMillis = maxAgeMillis;
    }

    @Override
    protected Result check() {
        Optional<Long> age = state.millisSinceCheckin(nodeId);
        if (age.isEmpty()) {
            return Result.unhealthy("node " + nodeId + " has not checked in to the cluster (no check-in record)");
        }
        if (age.get() > maxAgeMillis) {
            return Result.unhealthy("node " + nodeId + " last checked in " + age.get() + " ms ago (limit "
                    + maxAgeMillis + " ms): the cluster may consider it dead");
        }
        return Result.healthy("node " + nodeId + " checked in " + Math.max(0, age.get()) + " ms ago");
    }
}
