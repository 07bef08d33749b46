package org.guardian.orchestrator.scheduler.store;

import org.quartz.SchedulerConfigException;
import org.quartz.core.QuartzScheduler;

/**
 * The store extension overrides internals of Quartz's JDBC store (its protected methods, its
 * table layout, its check-in protocol) that a Quartz release may change without notice: it runs
 * only on the Quartz version it was written and tested for.
 */
public final class QuartzVersion {
    /** The Quartz release this package was written for. */
    public static final String SUPPORTED = "2.5.2";

    private QuartzVersion() {
    }

    /** @throws SchedulerConfigException when the Quartz on the class path is another version */
    public static void check() throws SchedulerConfigException {
        check(QuartzScheduler.getVersionMajor() + "." + QuartzScheduler.getVersionMinor() + "."
                + QuartzScheduler.getVersionIteration());
    }

    static void check(String found) throws SchedulerConfigException {
        if (!SUPPORTED.equals(found)) {
            throw new SchedulerConfigException("Quartz " + found + " is on the class path, but the orchestrator's"
                    + " store extension (org.guardian.orchestrator.scheduler.store) was written for Quartz " + SUPPORTED
                    + " and overrides its internals: review LivenessJobStore and SkipLockedDelegate against the new"
                    + " release's JobStoreSupport and StdJDBCDelegate, run the cluster tests, then update"
                    + " QuartzVersion.SUPPORTED.");
        }
    }
}
