package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.quartz.SchedulerException;

/**
 * Where the services the API calls meet Quartz: a {@link SchedulerException} becomes the project's
 * {@link SchedulingUnavailableException}, saying what the failed call leaves behind.
 */
final class QuartzCalls {
    /** Work that talks to Quartz and returns a value. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws SchedulerException;
    }

    /** Work that talks to Quartz. */
    @FunctionalInterface
    interface Step {
        void run() throws SchedulerException;
    }

    private QuartzCalls() {
    }

    /** @param failure what a failure of {@code call} means to the caller, e.g. "schedule x was not created" */
    static <T> T call(String failure, Call<T> call) {
        try {
            return call.call();
        } catch (SchedulerException e) {
            throw new SchedulingUnavailableException(failure + " (the scheduler failed: " + e.getMessage() + ")", e);
        }
    }

    /** @param failure what a failure of {@code step} means to the caller */
    static void run(String failure, Step step) {
        call(failure, () -> {
            step.run();
            return null;
        });
    }
}
