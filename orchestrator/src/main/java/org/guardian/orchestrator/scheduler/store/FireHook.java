package org.guardian.orchestrator.scheduler.store;

import org.quartz.Trigger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the execution side does inside the store's transactions: claim the attempts of a batch of
 * cron fires with the fire itself, and end the claim of a fire that Quartz completes unrun.
 */
public interface FireHook {
    /** A hook that claims nothing. */
    FireHook NONE = new FireHook() {
        @Override
        public void claimInFire(Connection conn, List<CronFire> fires) {
        }

        @Override
        public Optional<Unused> takeUnused(String fireInstanceId) {
            return Optional.empty();
        }
    };

    /** A cron fire of a batch: its schedule (the job's name), its trigger, Quartz's fire time, its fire instance id. */
    record CronFire(String schedule, Trigger trigger, Instant quartzFireTime, String fireInstanceId) {
    }

    /** A claim whose fire never ran: {@link #release} ends it on the store's connection. */
    @FunctionalInterface
    interface Unused {
        void release(Connection conn) throws SQLException;
    }

    /** Claims the attempts of these fires on the fire's connection; called under a savepoint. */
    void claimInFire(Connection conn, List<CronFire> fires) throws SQLException;

    /** The claim made with this fire, if its job never took it; forgets it either way. */
    Optional<Unused> takeUnused(String fireInstanceId);
}
