package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.Schedule;
import org.quartz.SchedulerException;

import java.util.List;

/** Brings Quartz in step with a schedule before its row is written (inside {@link InStepWrite}). */
public final class QuartzStep {
    private final ScheduleReconciler reconciler;
    private boolean changedQuartz;

    QuartzStep(ScheduleReconciler reconciler) {
        this.reconciler = reconciler;
    }

    /**
     * @param planned the schedule as it will be once its row is written
     * @throws RefusedException (INVALID) when it cannot fire or Quartz refuses it for a reason of its own
     */
    public void bringInStep(Schedule planned) throws SchedulerException {
        String reason = reconciler.blockedReason(planned, null);
        if (reason != null) {
            throw RefusedException.invalid(List.of(reason));
        }
        changedQuartz = true;
        try {
            reconciler.apply(planned, false);
        } catch (SchedulerException | RuntimeException e) {
            if (!ScheduleReconciler.refusedForTheSchedule(e)) {
                throw e;
            }
            throw RefusedException.invalid(List.of("cron: Quartz refused it: " + e.getMessage()));
        }
    }

    /** Whether Quartz may have changed (and must be put back should the write fail). */
    boolean changedQuartz() {
        return changedQuartz;
    }
}
