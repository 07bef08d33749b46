package org.guardian.orchestrator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import org.guardian.orchestrator.api.DagView;
import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.testing.ManySchedules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/dag}'s cache at a few thousand schedules: the graph built from every row (nodes,
 * edges, order, problems), never stale after a change of names or dependencies by SQL, and built
 * ahead by a warm-up.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DagCacheIT {
    private static final int SCHEDULES = 3_000;
    private final ObjectMapper mapper = Jackson.newObjectMapper();

    @Test
    void theCachedGraphIsTheGraphOfEveryRowAndFollowsEveryChange() throws Exception {
        ManySchedules db = ManySchedules.in("dag_cache", SCHEDULES);
        db.everyNth(5, 1, "UPDATE orchestrator.maintenance_schedules"
                + " SET depends_on = ARRAY['many_' || lpad((substr(operation_name, 6)::int - 1)::text, 5, '0')]");
        DagCache cache = new DagCache(db.jdbi(), mapper);
        JsonNode first = mapper.readTree(cache.json());
        assertThat(first).isEqualTo(mapper.valueToTree(fromRows(db)));
        assertThat(first.get("nodes")).hasSize((int) db.jdbi().onDemand(ScheduleDao.class).count());
        assertThat(first.get("edges")).hasSizeGreaterThanOrEqualTo(SCHEDULES / 5);
        assertThat(first.get("topologicalOrder")).hasSize(first.get("nodes").size());
        assertThat(cache.json()).as("unchanged: the same bytes").isSameAs(cache.json());

        db.execute("UPDATE orchestrator.maintenance_schedules SET depends_on = CASE operation_name"
                + " WHEN 'many_00001' THEN '{many_00002}'::text[] ELSE '{many_00001}' END"
                + " WHERE operation_name IN ('many_00001', 'many_00002')");
        db.execute("UPDATE orchestrator.maintenance_schedules SET depends_on = '{gone}' WHERE operation_name = 'many_00100'");
        JsonNode changed = mapper.readTree(cache.json());

        assertThat(changed).isEqualTo(mapper.valueToTree(fromRows(db))).isNotEqualTo(first);
        assertThat(changed.get("topologicalOrder")).as("every schedule but the cycle's two, in order")
                .hasSize(changed.get("nodes").size() - 2)
                .noneMatch(name -> name.asText().equals("many_00001") || name.asText().equals("many_00002"));
        assertThat(changed.get("problems").get("many_00001").asText()).startsWith("dependency cycle");
        assertThat(changed.get("problems").get("many_00100").asText()).isEqualTo("depends on unknown schedule gone");
        assertThat(cache.dot()).isEqualTo(cache.graph().toDot()).contains("many_00001").contains("color=\"red\"");
    }

    @Test
    void aNewOrDeletedScheduleIsInTheNextAnswer() throws Exception {
        ManySchedules db = ManySchedules.in("dag_cache_rows", 50);
        DagCache cache = new DagCache(db.jdbi(), mapper);
        assertThat(mapper.readTree(cache.json()).get("nodes").toString()).doesNotContain("late_one");
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, depends_on)"
                + " VALUES ('late_one', 'noop', '0 3 * * *', '{many_00003}')");
        assertThat(mapper.readTree(cache.json()).get("edges").toString()).contains("[\"many_00003\",\"late_one\"]");
        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'many_00003'");
        assertThat(mapper.readTree(cache.json()).get("problems").get("late_one").asText())
                .isEqualTo("depends on unknown schedule many_00003");
    }

    @Test
    void aWarmUpBuildsTheGraphAheadAndTheFirstRequestServesThatBuild() throws Exception {
        ManySchedules db = ManySchedules.in("dag_cache_warm", 500);
        DagCache cache = new DagCache(db.jdbi(), mapper);
        assertThat(cache.isCurrent()).isFalse();

        cache.warmInBackground();
        await().atMost(Duration.ofSeconds(30)).until(cache::isCurrent);
        assertThat(mapper.readTree(cache.json())).isEqualTo(mapper.valueToTree(fromRows(db)));
        db.execute("UPDATE orchestrator.maintenance_schedules SET depends_on = '{many_00001}' WHERE operation_name = 'many_00002'");
        assertThat(cache.isCurrent()).as("a change of dependencies makes it stale").isFalse();
    }

    /** The view as the resource built it before the cache: from every row's name and dependencies. */
    private static DagView fromRows(ManySchedules db) {
        java.util.Map<String, List<String>> dependsOn = new java.util.LinkedHashMap<>();
        db.jdbi().onDemand(ScheduleDao.class).findAll().forEach(s -> dependsOn.put(s.name(), s.dependsOn()));
        DependencyGraph graph = DependencyGraph.of(dependsOn);
        return new DagView(graph.nodes(), graph.edges(), graph.topologicalOrder(), graph.problems());
    }
}
