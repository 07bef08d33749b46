package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/schedules and /api/runs page by page: every row once while others are inserted, filters, bad parameters. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PagingIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("paging-node");

    private final ApiClient api = new ApiClient(APP);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void empty() {
        StoredSchedules.reset();
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @Test
    void schedulePagesWalkEveryScheduleExactlyOnceWhileOthersAreInserted() {
        disabledSchedules("s", 250);
        List<String> original = names("SELECT string_agg(operation_name, ',') FROM orchestrator.maintenance_schedules");
        List<String> seen = walkInserting("/api/schedules?limit=17", "schedules", "name",
                i -> "INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, is_enabled)"
                        + " VALUES ('s0100_new" + i + "', 'noop', '0 0 1 1 *', false),"
                        + " ('a_new" + i + "', 'noop', '0 0 1 1 *', false), ('z_new" + i + "', 'noop', '0 0 1 1 *', false)");
        assertThat(new HashSet<>(seen)).as("no schedule twice").hasSameSizeAs(seen);
        assertThat(seen).containsAll(original).contains("z_new0").isSorted();
    }

    @Test
    void runPagesWalkEveryRunExactlyOnceWhileOthersAreInserted() {
        StoredSchedules.insert("alpha");
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, finished_at, duration_ms, status, node_id) SELECT 'alpha', 'noop', 'MANUAL', now(),"
                + " now() - i * INTERVAL '1 second', now(), 1, 'SUCCESS', 'n1' FROM generate_series(1, 300) i");
        List<String> original = names("SELECT string_agg(id::text, ',') FROM orchestrator.job_runs");
        List<String> seen = walkInserting("/api/runs?limit=23", "runs", "id",
                i -> "INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                        + " started_at, finished_at, duration_ms, status, node_id) SELECT 'alpha', 'noop', 'MANUAL', now(),"
                        + " now(), now(), 1, 'SUCCESS', 'n1' FROM generate_series(1, 5)");
        assertThat(new HashSet<>(seen)).as("no run twice").hasSameSizeAs(seen);
        assertThat(seen).containsAll(original);
    }

    @Test
    void schedulePagesFilterByStateAndNamePrefix() {
        disabledSchedules("s", 30);
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("alpine");
        db.execute("UPDATE orchestrator.maintenance_schedules SET paused = true WHERE operation_name = 'alpine'");
        assertThat(page("/api/schedules?state=paused")).containsExactly("alpine");
        assertThat(page("/api/schedules?state=NORMAL")).containsExactly("alpha");
        assertThat(page("/api/schedules?prefix=alp")).containsExactly("alpha", "alpine");
        assertThat(page("/api/schedules?prefix=s001&state=DISABLED&limit=500")).hasSize(10)
                .allMatch(n -> n.startsWith("s001"));
        assertThat(page("/api/schedules?state=BLOCKED")).isEmpty();
    }

    @Test
    void runPagesFilterByStatusScheduleAndSince() {
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, finished_at, duration_ms, status, node_id) VALUES"
                + " ('alpha', 'noop', 'MANUAL', now(), now() - INTERVAL '2 days', now(), 1, 'SUCCESS', 'n1'),"
                + " ('alpha', 'noop', 'MANUAL', now(), now(), now(), 1, 'FAILED', 'n1'),"
                + " ('beta', 'noop', 'MANUAL', now(), now(), now(), 1, 'SUCCESS', 'n1')");
        assertThat(runs("/api/runs?status=FAILED")).containsExactly("alpha FAILED");
        assertThat(runs("/api/runs?schedule=beta")).containsExactly("beta SUCCESS");
        assertThat(runs("/api/runs?since=" + java.time.Instant.now().minusSeconds(3600)))
                .containsExactlyInAnyOrder("alpha FAILED", "beta SUCCESS");
        assertThat(runs("/api/runs?schedule=alpha&status=SUCCESS")).containsExactly("alpha SUCCESS");
    }

    @Test
    void theWholeListIsRefusedAboveItsLimitWithWhatToDoInstead() {
        disabledSchedules("bulk", SchedulesResource.UNPAGED_MAX + 1);
        Response whole = api.get("viewer", "/api/schedules");
        assertThat(whole.getStatus()).isEqualTo(400);
        assertThat(whole.readEntity(JsonNode.class).get("errors").get(0).asText())
                .startsWith("limit:").contains("1001").contains("cursor");
        assertThat(api.get("viewer", "/api/schedules?limit=500").getStatus()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/api/schedules?limit=0, limit", "/api/schedules?limit=501, limit", "/api/schedules?limit=ten, limit",
            "/api/schedules?cursor=%27%3B+DROP, cursor", "/api/schedules?state=SLEEPING, state",
            "/api/schedules?prefix=A*, prefix", "/api/runs?limit=0, limit", "/api/runs?cursor=abc, cursor",
            "/api/runs?cursor=0, cursor", "/api/runs?status=DONE, status", "/api/runs?since=yesterday, since"})
    void aBadParameterIs400NamingIt(String path, String parameter) {
        Response response = api.get("viewer", path);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains(parameter);
    }

    private void disabledSchedules(String prefix, int count) {
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, is_enabled)"
                + " SELECT '" + prefix + "' || lpad(i::text, 4, '0'), 'noop', '0 0 1 1 *', false"
                + " FROM generate_series(1, " + count + ") i");
    }

    private static List<String> names(String sql) {
        return List.of(StoredSchedules.query(sql).split(","));
    }

    /**
     * Follows nextCursor from {@code first} to the end, collecting {@code field} of each item, and
     * runs {@code insert} (with the page number) after each page, before asking for the next.
     */
    private List<String> walkInserting(String first, String items, String field, IntFunction<String> insert) {
        List<String> seen = new ArrayList<>();
        String path = first;
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = api.get("viewer", path).readEntity(JsonNode.class);
            page.get(items).forEach(item -> seen.add(item.get(field).asText()));
            if (page.get("nextCursor").isNull()) {
                return seen;
            }
            db.execute(insert.apply(pages));
            path = first + "&cursor=" + page.get("nextCursor").asText();
        }
        throw new AssertionError("more than 1000 pages");
    }

    private List<String> page(String path) {
        Response response = api.get("viewer", path);
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.readEntity(JsonNode.class).get("schedules").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private List<String> runs(String path) {
        Response response = api.get("viewer", path);
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        List<String> found = new ArrayList<>();
        response.readEntity(JsonNode.class).get("runs")
                .forEach(r -> found.add(r.get("schedule").asText() + " " + r.get("status").asText()));
        return found;
    }
}
