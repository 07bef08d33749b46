package org.guardian.orchestrator.core;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyGraphTest {

    private static DependencyGraph graph(Object... nameThenDeps) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (int i = 0; i < nameThenDeps.length; i += 2) {
            deps.put((String) nameThenDeps[i], (List<String>) nameThenDeps[i + 1]);
        }
        return DependencyGraph.of(deps);
    }

    @Test
    void theSeedsDependenciesFormAValidDagInTopologicalOrder() {
        DependencyGraph g = graph("refresh_orphan_detection", List.of(),
                "refresh_data_quality_metrics", List.of("refresh_orphan_detection"),
                "cleanup_orphaned_data", List.of("refresh_orphan_detection"),
                "generate_monthly_reports", List.of("refresh_data_quality_metrics"));

        assertThat(g.problems()).isEmpty();
        List<String> order = g.topologicalOrder();
        assertThat(order.indexOf("refresh_orphan_detection")).isLessThan(order.indexOf("refresh_data_quality_metrics"));
        assertThat(order.indexOf("refresh_data_quality_metrics")).isLessThan(order.indexOf("generate_monthly_reports"));
        assertThat(g.edges()).contains(List.of("refresh_orphan_detection", "cleanup_orphaned_data"));
    }

    @Test
    void aCycleBlocksEveryMemberAndNamesItsPath() {
        DependencyGraph g = graph("a", List.of("c"), "b", List.of("a"), "c", List.of("b"), "d", List.of());

        assertThat(g.problems()).containsOnlyKeys("a", "b", "c");
        assertThat(g.cycleThrough("a")).isEqualTo("a -> b -> c -> a");
        assertThat(g.cycleThrough("d")).isNull();
        assertThat(g.topologicalOrder()).containsExactly("d");
    }

    @Test
    void aCycleLeavesTheOtherSchedulesInOrderWithoutItsMembers() {
        DependencyGraph g = graph("a", List.of("b"), "b", List.of("a"), "after_a", List.of("a"),
                "report", List.of("refresh"), "refresh", List.of(), "cleanup", List.of("refresh"));

        List<String> order = g.topologicalOrder();
        assertThat(order).containsExactlyInAnyOrder("after_a", "refresh", "report", "cleanup");
        assertThat(order.indexOf("refresh")).isLessThan(order.indexOf("report"));
        assertThat(order.indexOf("refresh")).isLessThan(order.indexOf("cleanup"));
    }

    @Test
    void aMissingDependencyBlocksOnlyItsDependent() {
        DependencyGraph g = graph("a", List.of("ghost"), "b", List.of());

        assertThat(g.problems()).containsExactlyEntriesOf(Map.of("a", "depends on unknown schedule ghost"));
    }

    @Test
    void aSelfDependencyIsRefused() {
        assertThat(graph("a", List.of("a")).problems()).containsEntry("a", "depends on itself");
    }

    @Test
    void graphvizTextNamesEveryEdgeAndColoursProblemsRed() {
        String dot = graph("a", List.of(), "b", List.of("a"), "c", List.of("ghost")).toDot();

        assertThat(dot).contains("a -> b").contains("c [ label=\"c\" color=\"red\" ]");
    }
}
