package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.OperationUse;
import org.guardian.orchestrator.db.ScheduleDao;

import java.util.List;
import java.util.Map;

/**
 * The rows a pass works on, and the problems of the whole dependency graph. A full pass reads every
 * row. Another takes the problems from {@link GraphProblems} and reads only the rows it may examine:
 * those its scope names, those read as BLOCKED, those with a graph problem, and those whose
 * operation and config this node refuses (worked out once per distinct pair). At 100,000 schedules
 * under load, reading every row took 2-7 s of a pass that examined one.
 */
record PassRows(List<Schedule> schedules, Map<String, String> graphProblems) {

    static PassRows read(ScheduleDao dao, PassScope scope, ScheduleReconciler reconciler, GraphProblems graph,
                         PassPhases phases) {
        if (scope.named() == null) {
            List<Schedule> all = dao.findAll();
            phases.ended("table read");
            Map<String, String> problems = DependencyGraph.of(all).problems();
            phases.ended("graph");
            return new PassRows(all, problems);
        }
        Map<String, String> problems = graph.of(dao);
        phases.ended("graph");
        List<OperationUse> refused = dao.operationUses().stream()
                .filter(use -> !use.readable() || reconciler.operationProblem(use.operation(), use.config()) != null)
                .toList();
        List<Schedule> rows = dao.findForPass(scope.named().toArray(String[]::new),
                problems.keySet().toArray(String[]::new),
                refused.stream().map(OperationUse::operation).toArray(String[]::new),
                refused.stream().map(OperationUse::configJson).toArray(String[]::new));
        phases.ended("rows read");
        return new PassRows(rows, problems);
    }
}
