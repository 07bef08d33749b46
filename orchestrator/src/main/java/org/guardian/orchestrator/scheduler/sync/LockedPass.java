package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.ScheduleDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reconciliation passes, one at a time across the cluster (the pass lock): each chooses its scope
 * once it holds the lock, reads the table, works out why each examined schedule cannot fire and
 * hands those that differ from Quartz to a {@link ReconcilePass}.
 */
final class LockedPass {
    private static final Logger LOG = LoggerFactory.getLogger(LockedPass.class);

    private final Jdbi jdbi;
    private final Scheduler scheduler;
    private final ScheduleReconciler reconciler;
    private final CronCache crons;
    private final Clock clock;
    private final ExecutorService adder;
    private final GraphProblems graph = new GraphProblems();
    private volatile int examined;
    private volatile int fullPasses;
    private volatile int passes;

    LockedPass(Jdbi jdbi, Scheduler scheduler, ScheduleReconciler reconciler, CronCache crons, Clock clock,
               ExecutorService adder) {
        this.jdbi = jdbi;
        this.scheduler = scheduler;
        this.reconciler = reconciler;
        this.crons = crons;
        this.clock = clock;
        this.adder = adder;
    }

    /**
     * One pass over the schedules in the scope chosen under the lock from the table's signature,
     * which it returns; a full pass is recorded before the lock goes. Why each examined schedule
     * cannot fire is worked out a slice at a time, so that the adder stores one batch while the
     * next slice's crons are parsed. A complete pass given {@code firing} starts it once the
     * schedules Quartz holds are in step, and adds the others soonest due first ({@link #heldFirst}).
     */
    String run(BiFunction<ScheduleDao, String, PassScope> scopeUnderLock, BlockListener listener, Firing firing)
            throws SchedulerException {
        try (Handle handle = jdbi.open()) {
            PassLock.hold(handle);
            PassPhases phases = new PassPhases();
            ReconcilePass pass = null;
            try {
                ScheduleDao dao = handle.attach(ScheduleDao.class);
                String signature = dao.signature();
                PassScope scope = scopeUnderLock.apply(dao, signature);
                String snapshot = scope.full() ? dao.snapshot() : null;
                phases.ended("scope");
                PassRows rows = PassRows.read(dao, scope, reconciler, graph, phases);
                List<Schedule> all = rows.schedules();
                Map<String, String> graphProblems = rows.graphProblems();
                pass = new ReconcilePass(dao, handle.getConnection(), scope.full(), scheduler, reconciler, crons, clock,
                        listener, adder);
                examined = 0;
                EditsDuringPass edits = new EditsDuringPass(dao, snapshot, reconciler, graphProblems, clock);
                DueOrder due = firing == Firing.STARTED || !scope.complete() ? null
                        : heldFirst(pass, all, scope, graphProblems, firing, edits, phases);
                reconcileSlices(pass, due != null ? due.schedules() : all, due, scope, graphProblems, edits);
                phases.ended("examined and reconciled");
                finish(pass, scope, dao, signature, snapshot, phases.millis());
                phases.ended("finished");
                passes++;
                phases.log(scope, all.size(), examined);
                return signature;
            } finally {
                if (pass != null) {
                    pass.drain();
                }
                PassLock.release(handle);
            }
        }
    }

    /** Works out, a slice at a time (or takes from {@code due}), why each schedule cannot fire, and reconciles. */
    private void reconcileSlices(ReconcilePass pass, List<Schedule> ordered, DueOrder due, PassScope scope,
                                 Map<String, String> graphProblems, EditsDuringPass edits) throws SchedulerException {
        for (int from = 0; from < ordered.size(); from += ReconcilePass.BATCH) {
            int to = Math.min(ordered.size(), from + ReconcilePass.BATCH);
            List<Schedule> slice = ordered.subList(from, to);
            String[] reasons = due != null ? Arrays.copyOfRange(due.reasons(), from, to)
                    : blockedReasons(slice, scope, graphProblems);
            reconcileChosen(pass, slice, reasons, scope, edits);
        }
    }

    /**
     * Hands the pass the schedules of the slice it selects or whose blocked reason differs from
     * their row's (but those edited since it read them, taken by {@code edits}), then the edits.
     */
    private static void reconcileChosen(ReconcilePass pass, List<Schedule> slice, String[] reasons, PassScope scope,
                                        EditsDuringPass edits) throws SchedulerException {
        List<Schedule> chosen = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (int i = 0; i < slice.size(); i++) {
            Schedule schedule = slice.get(i);
            boolean differs = scope.selected().test(schedule) || !Objects.equals(reasons[i], schedule.blockedReason());
            if (differs && !edits.superseded(schedule)) {
                chosen.add(schedule);
                why.add(reasons[i]);
            }
        }
        pass.reconcile(chosen, why);
        edits.reconcileNew(pass);
    }

    /** How many schedules the last pass worked out the blocked reason of. */
    int examined() {
        return examined;
    }

    int fullPasses() {
        return fullPasses;
    }

    int passes() {
        return passes;
    }

    /**
     * Before this node fires, on a complete pass: the jobs of deleted schedules removed and the
     * schedules it reads that Quartz holds reconciled, so that none fires as the table no longer
     * says; then firing started, and the schedules Quartz lacks returned soonest due first.
     */
    private DueOrder heldFirst(ReconcilePass pass, List<Schedule> all, PassScope scope, Map<String, String> graphProblems,
                               Firing firing, EditsDuringPass edits, PassPhases phases) throws SchedulerException {
        Map<Boolean, List<Schedule>> held = all.stream().collect(Collectors.partitioningBy(pass.held(all)));
        pass.removeGone();
        reconcileSlices(pass, held.get(true), null, scope, graphProblems, edits);
        firing.start();
        phases.ended("held reconciled");
        List<Schedule> absent = held.get(false);
        LOG.atLevel(absent.isEmpty() ? Level.DEBUG : Level.INFO).log("Firing started once the {} schedules Quartz"
                + " held were reconciled; the {} it lacks are added soonest due first", held.get(true).size(),
                absent.size());
        return DueOrder.of(absent, blockedReasons(absent, scope, graphProblems), crons, clock.instant());
    }

    /** Ends the pass; a full one is recorded with how long it held the lock, {@code millis}. */
    private void finish(ReconcilePass pass, PassScope scope, ScheduleDao dao, String signature, String snapshot,
                        long millis) throws SchedulerException {
        pass.finish(scope.complete());
        if (scope.full()) {
            dao.recordFullReconcile(signature, snapshot, millis);
            fullPasses++;
        } else if (scope.catchesUp()) {
            dao.recordCaughtUp(signature);
        }
    }

    /**
     * Why each schedule cannot fire, or null (cron parsing and fire-time searches, spread over the
     * cores); a schedule the scope does not examine keeps its row's reason, unless its dependencies
     * are wrong now (one it depends on deleted, say).
     */
    private String[] blockedReasons(List<Schedule> slice, PassScope scope, Map<String, String> graphProblems) {
        String[] reasons = new String[slice.size()];
        LongAdder count = new LongAdder();
        IntStream.range(0, slice.size()).parallel().forEach(i -> {
            Schedule s = slice.get(i);
            if (scope.examined().test(s) || graphProblems.containsKey(s.name())) {
                count.increment();
                reasons[i] = reconciler.blockedReason(s, graphProblems.get(s.name()));
            } else {
                reasons[i] = s.blockedReason();
            }
        });
        examined += count.intValue();
        return reasons;
    }
}
