package org.guardian.orchestrator.scheduler;

import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.scheduler.execution.AfterFailure;
import org.guardian.orchestrator.scheduler.execution.AttemptClaims;
import org.guardian.orchestrator.scheduler.execution.AttemptRecords;
import org.guardian.orchestrator.scheduler.execution.AttemptRunner;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.guardian.orchestrator.scheduler.execution.FireClaims;
import org.guardian.orchestrator.scheduler.execution.HeldAttempts;
import org.guardian.orchestrator.scheduler.execution.MisfireRecorder;
import org.guardian.orchestrator.scheduler.execution.OperationJobFactory;
import org.guardian.orchestrator.scheduler.execution.OperationStep;
import org.guardian.orchestrator.scheduler.execution.OutcomeBatcher;
import org.guardian.orchestrator.scheduler.execution.OutcomeRecorder;
import org.guardian.orchestrator.scheduler.execution.OverlapHandler;
import org.guardian.orchestrator.scheduler.policy.DependencyGate;
import org.guardian.orchestrator.scheduler.policy.FailureSuppressor;
import org.guardian.orchestrator.scheduler.policy.RetryPolicy;
import org.guardian.orchestrator.scheduler.policy.RetryScheduler;
import org.guardian.orchestrator.scheduler.policy.TargetProbe;
import org.guardian.orchestrator.scheduler.policy.TimeoutGuard;
import org.guardian.orchestrator.scheduler.store.CompletedFires;
import org.guardian.orchestrator.scheduler.store.QuartzSchedulerBuilder;
import org.guardian.orchestrator.scheduler.store.StoreHooks;
import org.guardian.orchestrator.scheduler.sync.ScheduleSynchronizer;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * A node's execution side, wired in two steps: first what the Quartz scheduler is built with (the
 * job factory, the claims made with fires, the outcome writer), then, once the scheduler exists,
 * the attempt runner that its jobs call and the recorder of its misfires.
 */
final class ExecutionSide {
    private final NodeContext context;
    private final OperationRegistry registry;
    private final ExecutionListener listener;
    private final CronCache crons = new CronCache();
    private final HeldAttempts held = new HeldAttempts();
    private final CompletedFires completedFires = new CompletedFires();
    private final AttemptRecords records;
    private final FireClaims claims;
    private final OutcomeBatcher outcomes;
    private final OperationJobFactory jobFactory;

    ExecutionSide(NodeContext context, OperationRegistry registry, ExecutionListener listener) {
        this.context = context;
        this.registry = registry;
        this.listener = listener;
        this.records = new AttemptRecords(context.jdbi(), QuartzSchedulerBuilder.INSTANCE_NAME,
                context.identity().incarnation());
        this.claims = new FireClaims(context.identity(), crons, context.clock(), held);
        this.outcomes = new OutcomeBatcher(records, OutcomeRecorder.RECORD_PATIENCE, OutcomeBatcher.CAPACITY,
                "orch-outcomes-" + context.nodeId());
        this.jobFactory = new OperationJobFactory(records, crons, claims);
    }

    StoreHooks storeHooks() {
        return new StoreHooks(claims, completedFires);
    }

    OperationJobFactory jobFactory() {
        return jobFactory;
    }

    CronCache crons() {
        return crons;
    }

    HeldAttempts held() {
        return held;
    }

    OutcomeBatcher outcomes() {
        return outcomes;
    }

    /** Gives the scheduler's jobs their runner and records the scheduler's misfires. */
    void connect(Scheduler scheduler, ScheduleSynchronizer synchronizer, TimeoutGuard timeoutGuard,
                 BiPredicate<String, String> runRequester) throws SchedulerException {
        jobFactory.setRunner(runner(scheduler, synchronizer, timeoutGuard, runRequester));
        Jdbi jdbi = context.jdbi();
        scheduler.getListenerManager().addTriggerListener(new MisfireRecorder(context.identity(),
                jdbi.onDemand(ScheduleDao.class), jdbi.onDemand(RunDao.class), crons, context.clock()));
    }

    private AttemptRunner runner(Scheduler scheduler, ScheduleSynchronizer synchronizer, TimeoutGuard timeoutGuard,
                                 BiPredicate<String, String> runRequester) {
        Clock clock = context.clock();
        ScheduleDao schedules = context.jdbi().onDemand(ScheduleDao.class);
        RunDao runs = context.jdbi().onDemand(RunDao.class);
        RetryPolicy retryPolicy = new RetryPolicy(Duration.ofSeconds(context.settings().getMaxRetryDelaySeconds()),
                new SecureRandom()::nextDouble);
        AfterFailure afterFailure = new AfterFailure(context.identity(), runs,
                new RetryScheduler(scheduler, retryPolicy, clock), new FailureSuppressor(schedules, synchronizer, clock, listener),
                listener, clock);
        AttemptClaims attemptClaims = new AttemptClaims(context.identity(), records, runs,
                new OverlapHandler(context.nodeId(), scheduler, runs, clock), afterFailure, held);
        OperationStep operation = new OperationStep(registry, new DependencyGate(runs, clock), timeoutGuard,
                TargetProbe.of(context.database(), context.identity()), context.target(), clock);
        operation.setRunRequester(runRequester);
        OutcomeRecorder recorder = new OutcomeRecorder(outcomes, completedFires, held, crons, clock, listener);
        return new AttemptRunner(attemptClaims, operation, recorder, afterFailure, listener, clock);
    }
}
