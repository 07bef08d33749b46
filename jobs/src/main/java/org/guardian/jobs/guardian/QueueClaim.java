package org.guardian.jobs.guardian;

import java.util.List;
import java.util.UUID;

/** The queue rows one batch claimed: each patient with the seq it had when read. */
record QueueClaim(List<UUID> patientIds, List<Long> seqs) {
    boolean isEmpty() {
        return patientIds.isEmpty();
    }

    int size() {
        return patientIds.size();
    }
}
