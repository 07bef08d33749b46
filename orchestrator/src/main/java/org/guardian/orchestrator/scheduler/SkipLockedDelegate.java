package org.guardian.orchestrator.scheduler;

import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Quartz's PostgreSQL delegate, except that the triggers a node is about to acquire are row-locked
 * with {@code FOR UPDATE SKIP LOCKED}: nodes acquiring at the same moment split the due triggers
 * between them instead of queueing on Quartz's cluster-wide lock row, and a trigger cannot change
 * between being read and being marked ACQUIRED (see {@link LivenessJobStore#acquireNextTriggers}).
 */
public class SkipLockedDelegate extends PostgreSQLDelegate {
    private static final String SELECT_DUE_TRIGGERS = "SELECT TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS"
            + " WHERE SCHED_NAME = {1} AND TRIGGER_STATE = ? AND NEXT_FIRE_TIME <= ?"
            + " AND (MISFIRE_INSTR = -1 OR (MISFIRE_INSTR <> -1 AND NEXT_FIRE_TIME >= ?))"
            + " ORDER BY NEXT_FIRE_TIME ASC, PRIORITY DESC LIMIT ? FOR UPDATE SKIP LOCKED";

    @Override
    public List<TriggerKey> selectTriggerToAcquire(Connection conn, long noLaterThan, long noEarlierThan, int maxCount)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rtp(SELECT_DUE_TRIGGERS))) {
            ps.setString(1, STATE_WAITING);
            ps.setBigDecimal(2, BigDecimal.valueOf(noLaterThan));
            ps.setBigDecimal(3, BigDecimal.valueOf(noEarlierThan));
            ps.setInt(4, Math.max(1, maxCount));
            List<TriggerKey> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(TriggerKey.triggerKey(rs.getString(1), rs.getString(2)));
                }
            }
            return keys;
        }
    }
}
