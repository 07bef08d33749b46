package org.guardian.orchestrator.db;

/**
 * How many schedules there are and, when at most the limit asked for, the fingerprint of what a
 * listing of them shows (null above the limit: not computed), read in one snapshot.
 */
public record ListingFingerprint(long count, String fingerprint) {
}
