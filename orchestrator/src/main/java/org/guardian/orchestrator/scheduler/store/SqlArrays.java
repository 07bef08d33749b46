package org.guardian.orchestrator.scheduler.store;

import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Binds the arrays that the store's set-based statements {@code unnest}, and reads the trigger keys they return. */
final class SqlArrays {
    private SqlArrays() {
    }

    static Array array(Connection conn, String type, List<?> values) throws SQLException {
        return conn.createArrayOf(type, values.toArray());
    }

    /** Binds two arrays from {@code first} on: names and groups. */
    static void bindKeys(PreparedStatement ps, int first, List<String> names, List<String> groups)
            throws SQLException {
        ps.setArray(first, array(ps.getConnection(), "varchar", names));
        ps.setArray(first + 1, array(ps.getConnection(), "varchar", groups));
    }

    static void bindTriggerKeys(PreparedStatement ps, int first, List<TriggerKey> keys) throws SQLException {
        bindKeys(ps, first, keys.stream().map(TriggerKey::getName).toList(),
                keys.stream().map(TriggerKey::getGroup).toList());
    }

    /**
     * Binds four arrays from {@code first} on: the triggers' names, groups, next fire times and
     * previous fire times (-1 for none, as Quartz stores it).
     */
    static void bindFireTimes(PreparedStatement ps, int first, List<OperableTrigger> triggers) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<Long> next = new ArrayList<>();
        List<Long> prev = new ArrayList<>();
        for (OperableTrigger trigger : triggers) {
            names.add(trigger.getKey().getName());
            groups.add(trigger.getKey().getGroup());
            next.add(trigger.getNextFireTime().getTime());
            prev.add(trigger.getPreviousFireTime() == null ? -1L : trigger.getPreviousFireTime().getTime());
        }
        bindKeys(ps, first, names, groups);
        ps.setArray(first + 2, array(ps.getConnection(), "bigint", next));
        ps.setArray(first + 3, array(ps.getConnection(), "bigint", prev));
    }

    /** The trigger keys a statement returns as its first two columns. */
    static Set<TriggerKey> returnedKeys(PreparedStatement ps) throws SQLException {
        Set<TriggerKey> keys = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(TriggerKey.triggerKey(rs.getString(1), rs.getString(2)));
            }
        }
        return keys;
    }

    /** The strings a statement returns as its first column. */
    static List<String> returnedStrings(PreparedStatement ps) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
