package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.FireRequest;
/** An attempt this node has claimed: its row in {@code job_runs} is RUNNING under this node. */
record Claimed(FireRequest request, long runId) {
}
