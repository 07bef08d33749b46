package org.guardian.orchestrator.scheduler.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's fires whose Quartz fired-trigger row the attempt's own outcome record deletes (in the
 * commit of the outcome), so that Quartz's completion of the fire, which would only delete that
 * row, needs no statement ({@link LivenessJobStore#triggeredJobComplete}). Keyed by fire instance
 * id; an entry lives from the end of the attempt to Quartz's completion on the same worker thread.
 */
public final class CompletedFires {
    private final Set<String> rowDeleted = ConcurrentHashMap.newKeySet();

    /**
     * A data-modifying clause ({@code DELETE ...}) for a statement that records outcomes: it deletes
     * the fired-trigger rows whose ids column {@code entryIds} of relation {@code source} names,
     * where {@code condition} holds; {@code :quartzScheduler} binds the scheduler name.
     */
    public static String deleteRowsClause(String source, String entryIds, String condition) {
        return "DELETE FROM orchestrator.qrtz_fired_triggers F USING " + source
                + " WHERE F.sched_name = :quartzScheduler AND F.entry_id = " + entryIds + " AND " + condition;
    }

    /** The attempt's record deletes this fire's row. */
    public void rowDeleted(String fireInstanceId) {
        rowDeleted.add(fireInstanceId);
    }

    /** Whether the row of this fire was deleted already; forgets the fire either way. */
    boolean takeRowDeleted(String fireInstanceId) {
        return fireInstanceId != null && rowDeleted.remove(fireInstanceId);
    }
}
