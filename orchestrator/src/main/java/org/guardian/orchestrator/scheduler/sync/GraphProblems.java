package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.db.ScheduleDao;

import java.util.Map;

/**
 * The dependency graph's problems for passes over part of the table, worked out again only when
 * a name or a dependency changed ({@link ScheduleDao#dependencySignature()}): at 100,000 schedules
 * under load, reading the two columns and building the graph took 0.5-2.5 s of each such pass.
 */
final class GraphProblems {
    private String signature;
    private Map<String, String> problems;

    /** The problems of the graph as the table is now. */
    synchronized Map<String, String> of(ScheduleDao dao) {
        String now = dao.dependencySignature(); // read first: a change meanwhile only makes the next call work again
        if (!now.equals(signature)) {
            problems = DependencyGraph.ofPairs(dao.dependencies()).problems();
            signature = now;
        }
        return problems;
    }
}
