package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.db.ScheduleDao;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a starting node waits for the pass lock: starts its firing once the pass holding the lock
 * has brought what Quartz held in step with the table as it is now, judged by the same operations
 * ({@link LockedPass} records that moment). Nodes started together then fire while the first adds
 * the schedules Quartz lacked (20-30 s at 100,000), as that node itself does.
 */
final class EarlyFiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyFiring.class);
    private static final long EVERY_MS = 500;

    private final ScheduleDao schedules;
    private final String operations;
    private final Firing firing;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-early-firing");
        t.setDaemon(true);
        return t;
    });

    private EarlyFiring(ScheduleDao schedules, String operations, Firing firing) {
        this.schedules = schedules;
        this.operations = operations;
        this.firing = firing;
    }

    /** Watches until {@link #close}; {@code firing} must tolerate being started again (see {@link Firing#once}). */
    static EarlyFiring watch(ScheduleDao schedules, String operations, Firing firing) {
        EarlyFiring early = new EarlyFiring(schedules, operations, firing);
        early.watcher.scheduleWithFixedDelay(early::check, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
        return early;
    }

    /** The marker a pass records: the table's signature and the operations that judged it. */
    static String marker(String signature, String operations) {
        return signature + "|" + operations;
    }

    private void check() {
        try {
            Optional<String> held = schedules.heldInStepByALockHolder(AdvisoryLocks.CLUSTER_TASKS,
                    AdvisoryLocks.RECONCILIATION); // the signature, costly at 100,000, only once one is held
            if (held.isPresent() && held.get().equals(marker(schedules.signature(), operations))) {
                firing.start();
                LOG.info("Firing started while waiting for the pass lock: the pass holding it has the schedules"
                        + " Quartz held in step with the table as it is now, judged by the same operations");
                watcher.shutdown();
            }
        } catch (SchedulerException | RuntimeException e) {
            LOG.debug("Could not tell whether the running pass has the held schedules in step: {}", e.toString());
        }
    }

    /** No check after this; one under way ends (not interrupted in the middle of starting Quartz). */
    @Override
    public void close() {
        watcher.shutdown();
    }
}
