package org.guardian.orchestrator.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph: edges as [dependency, dependent]; the topological order leaves out the
 * schedules on a cycle; problems name the schedules that cannot run and why.
 */
public record DagView(Set<String> nodes, List<List<String>> edges, List<String> topologicalOrder,
                      Map<String, String> problems) {
}
