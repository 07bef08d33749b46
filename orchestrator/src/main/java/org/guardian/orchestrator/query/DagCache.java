package org.guardian.orchestrator.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.api.DagView;
import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.db.ScheduleDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The dependency graph as JSON and as Graphviz text, each rebuilt only when the schedules' names or
 * dependencies changed: a request costs one query, their {@linkplain ScheduleDao#dependencySignature()
 * signature}. Never stale: the signature is read before the graph, so any change committed before a
 * request moves the signature that request reads.
 */
public final class DagCache {
    private static final Logger LOG = LoggerFactory.getLogger(DagCache.class);
    private final ScheduleDao schedules;
    private final Rendered<byte[]> json;
    private final Rendered<String> dot = new Rendered<>(DependencyGraph::toDot);

    public DagCache(Jdbi jdbi, ObjectMapper mapper) {
        this.schedules = jdbi.onDemand(ScheduleDao.class);
        this.json = new Rendered<>(graph -> serialize(mapper, graph));
    }

    /** The {@link DagView} of every schedule, serialized. */
    public byte[] json() {
        return json.of(schedules.dependencySignature(), this::graph);
    }

    /**
     * Builds the JSON on a low-priority thread of its own, so that the first request after a start
     * (at 100,000 schedules, about 2 s cold) finds it ready.
     */
    public void warmInBackground() {
        Thread thread = new Thread(() -> {
            try {
                json();
            } catch (RuntimeException e) {
                LOG.info("Dependency graph not built ahead (the first request will): {}", e.toString());
            }
        }, "orch-dag-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Whether the JSON held was built at the schedules' current signature. */
    boolean isCurrent() {
        return json.isAt(schedules.dependencySignature());
    }

    /** Graphviz text of every schedule; those with a problem drawn red. */
    public String dot() {
        return dot.of(schedules.dependencySignature(), this::graph);
    }

    /** The dependency graph of every schedule, read now. */
    public DependencyGraph graph() {
        return DependencyGraph.ofPairs(schedules.dependencies());
    }

    private static byte[] serialize(ObjectMapper mapper, DependencyGraph graph) {
        DagView view = new DagView(graph.nodes(), graph.edges(), graph.topologicalOrder(), graph.problems());
        try {
            return mapper.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One rendering of the graph and the signature it was built at. */
    private static final class Rendered<T> {
        private record Entry<T>(String signature, T value) {
        }

        private final Function<DependencyGraph, T> render;
        private volatile Entry<T> entry;

        Rendered(Function<DependencyGraph, T> render) {
            this.render = render;
        }

        boolean isAt(String signature) {
            Entry<T> held = entry;
            return held != null && held.signature().equals(signature);
        }

        T of(String signature, Supplier<DependencyGraph> graph) {
            Entry<T> hit = entry;
            if (hit != null && hit.signature().equals(signature)) {
                return hit.value();
            }
            synchronized (this) {
                // Another request may have rebuilt it while this one waited.
                if (entry == null || !entry.signature().equals(signature)) {
                    entry = new Entry<>(signature, render.apply(graph.get()));
                }
                return entry.value();
            }
        }
    }
}
