package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;
import org.quartz.SchedulerException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits made while a full pass goes on. The pass read the table at its start, so an edit made
 * after that would wait for its end (20 s for 100,000 schedules on a fresh store); instead, at most
 * once a second between slices, the pass reconciles the rows edited since its snapshot, and skips
 * the older copies it read. Its record keeps the start snapshot, so the next catch-up examines
 * them again against the whole table. More than {@link #MAX} edits are left to that catch-up.
 */
final class EditsDuringPass {
    static final int MAX = 100;

    private final ScheduleDao dao;
    private final String snapshot;
    private final ScheduleReconciler reconciler;
    private final Map<String, String> graphProblems;
    private final Clock clock;
    /** The version of each schedule the pass took a newer row of. */
    private final Map<String, Long> taken = new HashMap<>();
    private Instant nextLook;
    private boolean tooMany;

    /** {@code snapshot}: the full pass's, or null for a pass of another scope (which looks at none). */
    EditsDuringPass(ScheduleDao dao, String snapshot, ScheduleReconciler reconciler, Map<String, String> graphProblems,
                    Clock clock) {
        this.dao = dao;
        this.snapshot = snapshot;
        this.reconciler = reconciler;
        this.graphProblems = graphProblems;
        this.clock = clock;
        this.nextLook = clock.instant().plusSeconds(1);
    }

    /** Whether the pass reconciled a newer row of {@code schedule} than this one. */
    boolean superseded(Schedule schedule) {
        Long version = taken.get(schedule.name());
        return version != null && version != schedule.version();
    }

    /** Reconciles, once a second at most, the rows edited since the snapshot that the pass has not taken yet. */
    void reconcileNew(ReconcilePass pass) throws SchedulerException {
        if (snapshot == null || tooMany || clock.instant().isBefore(nextLook)) {
            return;
        }
        List<Schedule> edited = dao.findEditedSince(snapshot, MAX + 1);
        nextLook = clock.instant().plusSeconds(1);
        if (edited.size() > MAX) {
            tooMany = true;
            return;
        }
        List<Schedule> fresh = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Schedule schedule : edited) {
            Long before = taken.put(schedule.name(), schedule.version());
            if (before == null || before != schedule.version()) { // not this version again
                fresh.add(schedule);
                reasons.add(reconciler.blockedReason(schedule, graphProblems.get(schedule.name())));
            }
        }
        pass.reconcile(fresh, reasons);
    }
}
