package org.guardian.orchestrator.core;

/**
 * A node of the cluster: as it last checked in to Quartz (both null while it has not, a node whose
 * clock kept it from firing), and its clock minus the database's as it last compared them (null
 * before it has).
 */
public record ClusterNode(String id, Long lastCheckinMillis, Long checkinIntervalMillis, Long clockOffsetMillis) {
}
