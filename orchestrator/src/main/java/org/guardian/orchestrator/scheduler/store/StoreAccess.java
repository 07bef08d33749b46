package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.NoSuchDelegateException;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

import java.sql.Connection;

/**
 * What the store's collaborators use of Quartz's {@code JobStoreSupport}, whose methods only a
 * subclass may call: {@link LivenessJobStore} hands them this view of itself.
 */
interface StoreAccess {
    SkipLockedDelegate delegate() throws NoSuchDelegateException;

    String instanceId();

    /** Fire times before this are misfired. */
    long misfireTime();

    int maxMisfiresPerRound();

    long checkinInterval();

    /** A new id for a fired-trigger row. */
    String newFireInstanceId();

    /** Quartz's own firing of one trigger. */
    TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger) throws JobPersistenceException;

    /** Quartz's rewrite of a trigger's rows, in this state. */
    void storeTrigger(Connection conn, OperableTrigger trigger, JobDetail job, String state)
            throws JobPersistenceException;

    /** Quartz's handling of one misfired trigger, read again by key. */
    void updateMisfiredTrigger(Connection conn, TriggerKey key, String newStateIfNotComplete)
            throws JobPersistenceException;

    /** Tells the misfire listeners that this trigger (as it was before its misfire) misfired. */
    void notifyMisfired(OperableTrigger missed);
}
