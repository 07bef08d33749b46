package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.guardian.orchestrator.scheduler.LoopProgress;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Each background loop of this node made progress within its limit: unhealthy while one is
 * stalled or dead, naming it, its age and its limit. Loops that are not supposed to run (node not
 * started or stopped, scheduler in standby) are reported as such.
 */
public final class ProgressHealthCheck extends HealthCheck {
    private final List<LoopProgress> loops;

    public ProgressHealthCheck(List<LoopProgress> loops) {
        this.loops = loops;
    }

    @Override
    protected Result check() {
        List<LoopProgress.Status> statuses = loops.stream().map(LoopProgress::status)
                .sorted(Comparator.comparing(LoopProgress.Status::healthy)).toList();
        String message = statuses.stream().map(LoopProgress.Status::describe).collect(Collectors.joining("; "));
        return statuses.stream().allMatch(LoopProgress.Status::healthy) ? Result.healthy(message)
                : Result.unhealthy(message);
    }
}
