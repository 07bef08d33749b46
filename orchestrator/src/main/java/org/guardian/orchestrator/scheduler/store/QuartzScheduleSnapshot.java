package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Quartz holds for some schedules (their jobs in one group and every trigger of those jobs),
 * read in one statement: a reconciliation pass compares the table with it and calls Quartz only
 * for the schedules that differ, instead of asking Quartz about each one.
 */
public final class QuartzScheduleSnapshot {
    static final String READ = "SELECT J.JOB_NAME, T.TRIGGER_NAME, T.TRIGGER_GROUP, T.PRIORITY, T.MISFIRE_INSTR,"
            + " C.CRON_EXPRESSION, C.TIME_ZONE_ID FROM orchestrator.qrtz_JOB_DETAILS J"
            + " LEFT JOIN orchestrator.qrtz_TRIGGERS T ON T.SCHED_NAME = J.SCHED_NAME AND T.JOB_NAME = J.JOB_NAME"
            + " AND T.JOB_GROUP = J.JOB_GROUP"
            + " LEFT JOIN orchestrator.qrtz_CRON_TRIGGERS C ON C.SCHED_NAME = T.SCHED_NAME"
            + " AND C.TRIGGER_NAME = T.TRIGGER_NAME AND C.TRIGGER_GROUP = T.TRIGGER_GROUP"
            + " WHERE J.SCHED_NAME = ? AND J.JOB_GROUP = ?";
    static final String NAMED = " AND J.JOB_NAME = ANY(?)";
    static final String WITHOUT_ROW = "SELECT J.JOB_NAME FROM orchestrator.qrtz_JOB_DETAILS J"
            + " WHERE J.SCHED_NAME = ? AND J.JOB_GROUP = ? AND NOT EXISTS (SELECT 1 FROM"
            + " orchestrator.maintenance_schedules s WHERE s.operation_name = J.JOB_NAME) ORDER BY J.JOB_NAME";

    /** One trigger of a schedule's job; {@code cron} and {@code zone} are null unless it is a cron trigger. */
    public record StoredTrigger(TriggerKey key, String cron, String zone, int priority, int misfireInstruction) {
    }

    private final Map<String, List<StoredTrigger>> triggersByJob;

    private QuartzScheduleSnapshot(Map<String, List<StoredTrigger>> triggersByJob) {
        this.triggersByJob = triggersByJob;
    }

    /** Reads the jobs of {@code jobGroup} named {@code names} (null: all of them) and their triggers, as one snapshot. */
    public static QuartzScheduleSnapshot read(Connection connection, String jobGroup, Collection<String> names)
            throws JobPersistenceException {
        Map<String, List<StoredTrigger>> triggers = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(names == null ? READ : READ + NAMED)) {
            ps.setString(1, QuartzSchedulerBuilder.INSTANCE_NAME);
            ps.setString(2, jobGroup);
            if (names != null) {
                ps.setArray(3, connection.createArrayOf("varchar", names.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<StoredTrigger> ofJob = triggers.computeIfAbsent(rs.getString(1), k -> new ArrayList<>(2));
                    if (rs.getString(2) != null) {
                        ofJob.add(new StoredTrigger(TriggerKey.triggerKey(rs.getString(2), rs.getString(3)),
                                rs.getString(6), rs.getString(7), rs.getInt(4), rs.getInt(5)));
                    }
                }
            }
        } catch (SQLException e) {
            throw unreadable(e);
        }
        return new QuartzScheduleSnapshot(triggers);
    }

    /**
     * The jobs of {@code jobGroup} whose schedule has no row in the table (deleted), in name order:
     * an anti-join in the database, rather than every job name read and compared here.
     */
    public static List<String> withoutRow(Connection connection, String jobGroup) throws JobPersistenceException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(WITHOUT_ROW)) {
            ps.setString(1, QuartzSchedulerBuilder.INSTANCE_NAME);
            ps.setString(2, jobGroup);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw unreadable(e);
        }
        return names;
    }

    private static JobPersistenceException unreadable(SQLException e) {
        return new JobPersistenceException("Could not read the schedules Quartz holds: " + e.getMessage(), e);
    }

    public boolean hasJob(String name) {
        return triggersByJob.containsKey(name);
    }

    /** The triggers of the job {@code name}; empty when it has none or does not exist. */
    public List<StoredTrigger> triggersOf(String name) {
        return triggersByJob.getOrDefault(name, List.of());
    }

}
