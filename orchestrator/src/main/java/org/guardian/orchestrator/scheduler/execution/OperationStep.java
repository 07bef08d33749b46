package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.scheduler.policy.DependencyGate;
import org.guardian.orchestrator.scheduler.policy.TargetProbe;
import org.guardian.orchestrator.scheduler.policy.TimeoutGuard;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The middle steps of an attempt: gate it on its dependencies (unless forced), then run its
 * operation with its validated configuration on a connection of its own, under its deadline. A
 * failure while the target database is away is marked so ({@link TargetProbe}).
 */
public final class OperationStep {
    private final OperationRegistry registry;
    private final DependencyGate gate;
    private final TimeoutGuard timeoutGuard;
    private final TargetProbe probe;
    private final DataSource dataSource;
    private final Clock clock;
    private volatile BiPredicate<String, String> runRequester = (schedule, reason) -> false;

    public OperationStep(OperationRegistry registry, DependencyGate gate, TimeoutGuard timeoutGuard, TargetProbe probe,
                         DataSource dataSource, Clock clock) {
        this.registry = registry;
        this.gate = gate;
        this.timeoutGuard = timeoutGuard;
        this.probe = probe;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** How operations ask for another schedule to run (alert auto-responses). */
    public void setRunRequester(BiPredicate<String, String> runRequester) {
        this.runRequester = runRequester;
    }

    Outcome execute(Schedule schedule, FireRequest attempt, String nodeId) throws InterruptedException {
        if (!attempt.force()) {
            Optional<Outcome> gated = gated(schedule);
            if (gated.isPresent()) {
                return gated.get();
            }
        }
        Optional<Operation> operation = registry.find(schedule.operation());
        if (operation.isEmpty()) {
            return Outcome.of(RunStatus.FAILED, "operation " + schedule.operation() + " is not registered on node " + nodeId);
        }
        OperationConfig config;
        try {
            config = OperationConfig.validate(operation.get().configKeys(), schedule.config());
        } catch (IllegalArgumentException e) {
            return Outcome.of(RunStatus.FAILED, "invalid config: " + e.getMessage());
        }
        try (AttemptContext context = new AttemptContext(schedule.name(), attempt.attempt(), config, dataSource, clock,
                runRequester)) {
            return probe.explain(timeoutGuard.run(operation.get(), context, schedule.maxDuration()));
        }
    }

    /** SKIPPED naming the unmet dependencies, FAILED when they cannot be checked, empty when they are met. */
    private Optional<Outcome> gated(Schedule schedule) {
        try {
            return gate.unmet(schedule).map(unmet -> Outcome.of(RunStatus.SKIPPED, unmet));
        } catch (RuntimeException e) {
            return Optional.of(Outcome.of(RunStatus.FAILED, "the dependency check failed: " + e.getMessage()));
        }
    }
}
