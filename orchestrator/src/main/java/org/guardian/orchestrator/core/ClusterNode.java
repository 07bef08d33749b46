package org.guardian.orchestrator.core;

/** A node of the Quartz cluster as it last checked in. */
public record ClusterNode(String id, long lastCheckinMillis, long checkinIntervalMillis) {
}
