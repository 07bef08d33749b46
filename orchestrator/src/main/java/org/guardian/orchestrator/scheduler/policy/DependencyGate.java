package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.RunDao;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lets an attempt run only when each direct dependency's latest finished run is SUCCESS and
 * finished within the schedule's dependency window.
 */
public final class DependencyGate {
    private final RunDao runs;
    private final Clock clock;

    public DependencyGate(RunDao runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /** @return the unmet dependencies, each with why; empty when the attempt may run */
    public Optional<String> unmet(Schedule schedule) {
        if (schedule.dependsOn().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Run> latest = runs.latestFinishedRuns(schedule.dependsOn()).stream()
                .collect(Collectors.toMap(Run::schedule, Function.identity()));
        Instant oldestAccepted = clock.instant().minus(schedule.dependencyWindow());
        List<String> unmet = new ArrayList<>();
        for (String dependency : schedule.dependsOn()) {
            Run run = latest.get(dependency);
            if (run == null) {
                unmet.add(dependency + " (never ran)");
            } else if (run.status() != RunStatus.SUCCESS) {
                unmet.add(dependency + " (last run " + run.status() + ")");
            } else if (run.finishedAt().isBefore(oldestAccepted)) {
                unmet.add(dependency + " (last success at " + run.finishedAt() + " is older than "
                        + schedule.dependencyWindow() + ")");
            }
        }
        return unmet.isEmpty() ? Optional.empty() : Optional.of("unmet dependencies: " + String.join(", ", unmet));
    }
}
