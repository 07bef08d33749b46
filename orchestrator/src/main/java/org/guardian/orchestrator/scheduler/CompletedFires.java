package org.guardian.orchestrator.scheduler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires whose Quartz fired-trigger row is deleted by the attempt's own outcome record
 * ({@code AttemptRecords.finishAndRecord}, same commit as the outcome; handed to
 * {@link OutcomeBatcher#recordLater}, so it may commit after Quartz's completion), so that Quartz's
 * completion of the fire, which would only delete that row, needs no statement
 * ({@link LivenessJobStore#triggeredJobComplete}). Keyed by fire instance id, unique in the cluster;
 * an entry lives from the end of the attempt to Quartz's completion on the same worker thread.
 */
final class CompletedFires {
    private static final Set<String> ROW_DELETED = ConcurrentHashMap.newKeySet();

    private CompletedFires() {
    }

    /** The attempt's record deletes this fire's row. */
    static void rowDeleted(String fireInstanceId) {
        ROW_DELETED.add(fireInstanceId);
    }

    /** Whether the row of this fire was deleted already; forgets the fire either way. */
    static boolean takeRowDeleted(String fireInstanceId) {
        return fireInstanceId != null && ROW_DELETED.remove(fireInstanceId);
    }
}
