package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.quartz.spi.OperableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims the attempts of a batch's schedule fires in the fire's own transaction ({@link FireHook}),
 * under a savepoint: should that fail, the fire goes on and its attempts claim as usual.
 */
final class ClaimsInFire {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimsInFire.class);

    private final FireHook hook;

    ClaimsInFire(FireHook hook) {
        this.hook = hook;
    }

    void claim(Connection conn, List<SkipLockedDelegate.Firing> firings) {
        List<FireHook.CronFire> fires = scheduleFires(firings);
        if (fires.isEmpty()) {
            return;
        }
        Savepoint savepoint = null;
        try {
            savepoint = conn.setSavepoint();
            hook.claimInFire(conn, fires);
            conn.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Claiming the attempts of {} fires with their fire failed; they claim one by one: {}",
                    fires.size(), e.toString());
            rollBack(conn, savepoint);
        }
    }

    /** The fires of schedules' cron triggers (of the schedules' group, for the schedules' jobs). */
    private static List<FireHook.CronFire> scheduleFires(List<SkipLockedDelegate.Firing> firings) {
        List<FireHook.CronFire> fires = new ArrayList<>();
        for (SkipLockedDelegate.Firing firing : firings) {
            OperableTrigger trigger = firing.trigger();
            if (QuartzKeys.SCHEDULES.equals(trigger.getKey().getGroup())
                    && QuartzKeys.SCHEDULES.equals(trigger.getJobKey().getGroup())) {
                fires.add(new FireHook.CronFire(trigger.getJobKey().getName(), trigger,
                        Instant.ofEpochMilli(firing.scheduledFireTime()), trigger.getFireInstanceId()));
            }
        }
        return fires;
    }

    private static void rollBack(Connection conn, Savepoint savepoint) {
        try {
            if (savepoint != null) {
                conn.rollback(savepoint);
            }
        } catch (SQLException rollback) {
            throw new IllegalStateException("Could not roll back to the savepoint of the claims", rollback);
        }
    }
}
