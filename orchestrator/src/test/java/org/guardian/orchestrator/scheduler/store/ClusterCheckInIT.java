package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.JobDetail;
import org.quartz.TriggerKey;
import org.quartz.impl.triggers.SimpleTriggerImpl;
import org.quartz.simpl.SimpleClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/**
 * A node's check-in frees its own acquisitions that its scheduler thread no longer holds, and only
 * those: not one it holds, nor one that commits while the check-in runs, nor, on its first check-in,
 * what its last process left (Quartz's recovery of the node's own record handles that).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ClusterCheckInIT {
    private static final String SCHED = "check-in-it";
    private static final String NODE = "node-x";
    private final TestDatabase db = TestDatabase.get();
    private Runnable onReadingHeld = () -> { };
    private final HeldAcquisitions held = new HeldAcquisitions(() -> {
        Runnable once = onReadingHeld;
        onReadingHeld = () -> { };
        once.run();
        return System.nanoTime();
    });

    @BeforeEach
    void emptyQuartzTables() {
        db.resetOrchestrator();
    }

    @Test
    void anAcquisitionTheNodeDoesNotHoldIsFreed() throws Exception {
        acquireLate("t1", "lost");

        checkIn();

        assertThat(state("t1")).isEqualTo("WAITING");
        assertThat(firedRows("lost")).isEqualTo("0");
    }

    @Test
    void anAcquisitionTheNodeHoldsIsKept() throws Exception {
        acquireLate("t1", "held");
        held.hold(List.of(trigger("t1", "held")));

        checkIn();

        assertThat(state("t1")).isEqualTo("ACQUIRED");
        assertThat(firedRows("held")).isEqualTo("1");
    }

    @Test
    void anAcquisitionCommittedWhileTheCheckInReadsWhatIsHeldIsKept() throws Exception {
        addTrigger("t1");
        // an acquisition noted just after the check-in read what is held, and committed at once
        onReadingHeld = () -> acquire("t1", "racing");

        checkIn();

        assertThat(firedRows("racing")).as("the acquisition in the scheduler thread's hands").isEqualTo("1");
        assertThat(state("t1")).isEqualTo("ACQUIRED");
    }

    @Test
    void onItsFirstCheckInTheNodeLeavesWhatItsLastProcessAcquiredToQuartzsRecovery() throws Exception {
        acquireLate("t1", "before-restart");
        db.execute("INSERT INTO orchestrator.qrtz_scheduler_state VALUES ('" + SCHED + "', '" + NODE + "', "
                + System.currentTimeMillis() + ", 1000)");
        ClusterCheckIn checkIn = new ClusterCheckIn(new Store(), null, new FailureDetector(1_000, 5_000), held);

        try (Connection conn = db.dataSource().getConnection()) {
            assertThat(checkIn.failedInstances(conn, true)).extracting(r -> r.getSchedulerInstanceId())
                    .as("its own earlier record, for Quartz to recover").containsExactly(NODE);
        }

        assertThat(firedRows("before-restart")).as("not freed as lost by the check-in").isEqualTo("1");
    }

    private void checkIn() throws Exception {
        ClusterCheckIn checkIn = new ClusterCheckIn(new Store(), null, new FailureDetector(1_000, 5_000), held);
        try (Connection conn = db.dataSource().getConnection()) {
            assertThat(checkIn.failedInstances(conn, false)).as("no peer").isEmpty();
        }
    }

    private void acquireLate(String trigger, String entry) {
        addTrigger(trigger);
        acquire(trigger, entry);
    }

    /** A trigger 5 s late (the check-in frees such acquisitions after 1 s), WAITING. */
    private void addTrigger(String trigger) {
        db.execute("INSERT INTO orchestrator.qrtz_job_details VALUES ('" + SCHED + "', '" + trigger + "', 'g', NULL,"
                + " 'NoJob', false, false, false, false, NULL);"
                + " INSERT INTO orchestrator.qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group,"
                + " next_fire_time, priority, trigger_state, trigger_type, start_time) VALUES ('" + SCHED + "', '"
                + trigger + "', 'g', '" + trigger + "', 'g', " + (System.currentTimeMillis() - 5_000)
                + ", 5, 'WAITING', 'SIMPLE', 0)");
    }

    /** The trigger acquired by this node under {@code entry}, committed, as the acquisition writes it. */
    private void acquire(String trigger, String entry) {
        db.execute("UPDATE orchestrator.qrtz_triggers SET trigger_state = 'ACQUIRED' WHERE sched_name = '" + SCHED
                + "' AND trigger_name = '" + trigger + "';"
                + " INSERT INTO orchestrator.qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
                + " instance_name, fired_time, sched_time, priority, state) SELECT sched_name, '" + entry + "',"
                + " trigger_name, trigger_group, '" + NODE + "', " + System.currentTimeMillis() + ", next_fire_time,"
                + " priority, 'ACQUIRED' FROM orchestrator.qrtz_triggers WHERE sched_name = '" + SCHED
                + "' AND trigger_name = '" + trigger + "'");
    }

    private static OperableTrigger trigger(String name, String entry) {
        SimpleTriggerImpl trigger = new SimpleTriggerImpl();
        trigger.setKey(TriggerKey.triggerKey(name, "g"));
        trigger.setFireInstanceId(entry);
        return trigger;
    }

    private String state(String trigger) {
        return scalar(db, "SELECT trigger_state FROM orchestrator.qrtz_triggers WHERE sched_name = '" + SCHED
                + "' AND trigger_name = '" + trigger + "'");
    }

    private String firedRows(String entry) {
        return scalar(db, "SELECT count(*) FROM orchestrator.qrtz_fired_triggers WHERE sched_name = '" + SCHED
                + "' AND entry_id = '" + entry + "'");
    }

    /** The store as the check-in sees it: Quartz's delegate for this scheduler and node. */
    private static final class Store implements StoreAccess {
        private final SkipLockedDelegate delegate = new SkipLockedDelegate();

        Store() throws Exception {
            delegate.initialize(LoggerFactory.getLogger(ClusterCheckInIT.class), "orchestrator.qrtz_", SCHED, NODE,
                    new SimpleClassLoadHelper(), false, null);
        }

        @Override
        public SkipLockedDelegate delegate() {
            return delegate;
        }

        @Override
        public String instanceId() {
            return NODE;
        }

        @Override
        public long checkinInterval() {
            return 1_000;
        }

        @Override
        public long misfireTime() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int maxMisfiresPerRound() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String newFireInstanceId() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void storeTrigger(Connection conn, OperableTrigger trigger, JobDetail job, String state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateMisfiredTrigger(Connection conn, TriggerKey key, String newStateIfNotComplete) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void notifyMisfired(OperableTrigger missed) {
            throw new UnsupportedOperationException();
        }
    }
}
