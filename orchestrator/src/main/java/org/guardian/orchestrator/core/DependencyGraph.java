package org.guardian.orchestrator.core;

import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.TarjanSimpleCycles;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code depends_on} graph of all schedules: an edge runs from a dependency to its dependent.
 * Knows which schedules cannot run because of a cycle or a missing dependency.
 */
public final class DependencyGraph {
    private final Graph<String, DefaultEdge> graph;
    private final Map<String, String> problems;
    /** The schedules on a cycle (the graph holds no self-loop: those are problems, not edges). */
    private final Set<String> onCycles;

    private DependencyGraph(Graph<String, DefaultEdge> graph, Map<String, String> problems, Set<String> onCycles) {
        this.graph = graph;
        this.problems = problems;
        this.onCycles = onCycles;
    }

    /** Builds the graph from schedule name → its dependencies. */
    public static DependencyGraph of(Map<String, ? extends Collection<String>> dependsOn) {
        Graph<String, DefaultEdge> graph = new SimpleDirectedGraph<>(DefaultEdge.class);
        Map<String, String> problems = new TreeMap<>();
        dependsOn.keySet().forEach(graph::addVertex);
        dependsOn.forEach((name, deps) -> {
            for (String dep : deps) {
                if (!dependsOn.containsKey(dep)) {
                    problems.put(name, "depends on unknown schedule " + dep);
                } else if (dep.equals(name)) {
                    problems.put(name, "depends on itself");
                } else {
                    graph.addEdge(dep, name);
                }
            }
        });
        Set<String> onCycles = new HashSet<>();
        for (List<String> cycle : new TarjanSimpleCycles<>(graph).findSimpleCycles()) {
            String path = cyclePath(cycle);
            cycle.forEach(member -> problems.putIfAbsent(member, "dependency cycle " + path));
            onCycles.addAll(cycle);
        }
        return new DependencyGraph(graph, problems, onCycles);
    }

    /** Builds the graph from (schedule name, its dependencies) pairs, as {@code ScheduleDao.dependencies()} reads them. */
    public static DependencyGraph ofPairs(List<Map.Entry<String, List<String>>> pairs) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        pairs.forEach(pair -> deps.put(pair.getKey(), pair.getValue()));
        return of(deps);
    }

    public static DependencyGraph of(List<Schedule> schedules) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        schedules.forEach(s -> deps.put(s.name(), s.dependsOn()));
        return of(deps);
    }

    /** Schedules that cannot run, with the reason (cycle path or missing name). */
    public Map<String, String> problems() {
        return problems;
    }

    /** The cycle through {@code name} as a path "a -> b -> a", or null. */
    public String cycleThrough(String name) {
        if (!onCycles.contains(name)) {
            return null;
        }
        for (List<String> cycle : new TarjanSimpleCycles<>(graph).findSimpleCycles()) {
            if (cycle.contains(name)) {
                return cyclePath(rotateTo(cycle, name));
            }
        }
        return null;
    }

    public Set<String> nodes() {
        return new TreeSet<>(graph.vertexSet());
    }

    /** Edges as [dependency, dependent] pairs. */
    public List<List<String>> edges() {
        List<List<String>> edges = new ArrayList<>();
        for (DefaultEdge e : graph.edgeSet()) {
            edges.add(List.of(graph.getEdgeSource(e), graph.getEdgeTarget(e)));
        }
        edges.sort((a, b) -> (a.get(0) + a.get(1)).compareTo(b.get(0) + b.get(1)));
        return edges;
    }

    /** Dependencies before dependents; the schedules on a cycle, which have no place in it, left out. */
    public List<String> topologicalOrder() {
        // Acyclic without them, so iterated in place: a DAG type's copy is not needed.
        Graph<String, DefaultEdge> acyclic = onCycles.isEmpty() ? graph
                : new AsSubgraph<>(graph, graph.vertexSet().stream().filter(v -> !onCycles.contains(v))
                .collect(Collectors.toSet()));
        List<String> order = new ArrayList<>();
        new TopologicalOrderIterator<>(acyclic, String::compareTo).forEachRemaining(order::add);
        return order;
    }

    /** Graphviz text; schedules with a problem are drawn red. */
    public String toDot() {
        DOTExporter<String, DefaultEdge> exporter = new DOTExporter<>(v -> v);
        exporter.setVertexAttributeProvider(v -> {
            Map<String, org.jgrapht.nio.Attribute> attributes = new LinkedHashMap<>();
            attributes.put("label", DefaultAttribute.createAttribute(v));
            if (problems.containsKey(v)) {
                attributes.put("color", DefaultAttribute.createAttribute("red"));
            }
            return attributes;
        });
        StringWriter writer = new StringWriter();
        exporter.exportGraph(graph, writer);
        return writer.toString();
    }

    private static List<String> rotateTo(List<String> cycle, String first) {
        int i = cycle.indexOf(first);
        List<String> rotated = new ArrayList<>(cycle.subList(i, cycle.size()));
        rotated.addAll(cycle.subList(0, i));
        return rotated;
    }

    private static String cyclePath(List<String> cycle) {
        List<String> path = new ArrayList<>(cycle);
        path.add(cycle.get(0));
        return String.join(" -> ", path);
    }
}
