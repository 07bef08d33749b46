package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an admin, operator or viewer can do with schedules, runs and the cluster through the API. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScheduleResourceIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("schedules-node");
    private static final String SLEEPER = "{\"name\": \"sleeper\", \"operation\": \"sleep\", \"cron\": \"30 2 * * 1-5\","
            + " \"timeZone\": \"Europe/Berlin\", \"dependsOn\": [\"alpha\"], \"maxDuration\": \"PT45M\","
            + " \"maxRetries\": 2, \"retryBackoff\": \"PT1M\", \"priority\": 2, \"misfirePolicy\": \"SKIP\","
            + " \"config\": {\"seconds\": 0.5}}";

    private final ApiClient api = new ApiClient(APP);

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @BeforeEach
    void oneSchedule() {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
    }

    @Test
    void createAnswers201WithLocationAndTheFullRepresentation() {
        Response response = api.post("admin", "/api/schedules", SLEEPER);
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getLocation().getPath()).isEqualTo("/api/schedules/sleeper");
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.get("operation").asText()).isEqualTo("sleep");
        assertThat(body.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(body.get("maxDuration").asText()).isEqualTo("PT45M");
        assertThat(body.get("retryBackoff").asText()).isEqualTo("PT1M");
        assertThat(body.get("dependencyWindow").asText()).isEqualTo("P1D");
        assertThat(body.get("misfirePolicy").asText()).isEqualTo("SKIP");
        assertThat(body.get("config").get("seconds").asDouble()).isEqualTo(0.5);
        assertThat(body.get("state").asText()).isEqualTo("NORMAL");
        assertThat(body.get("nextFireTimes")).hasSize(5);
        assertThat(body.get("nextFireTimes").get(0).asText()).endsWith("Z");
        assertThat(body.get("cronDescription").asText()).isNotBlank();
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(StoredSchedules.query("SELECT max_duration_minutes || ' ' || max_duration"
                + " FROM orchestrator.maintenance_schedules WHERE operation_name = 'sleeper'")).isEqualTo("45 00:45:00");
    }

    @Test
    void createWritesAnAuditRowWithTheUserAndTheNewDefinition() {
        api.post("admin", "/api/schedules", SLEEPER);
        JsonNode changes = api.get("viewer", "/api/schedules/sleeper/changes").readEntity(JsonNode.class);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("action").asText()).isEqualTo("CREATE");
        assertThat(changes.get(0).get("user").asText()).isEqualTo("admin");
        assertThat(changes.get(0).get("before").isNull()).isTrue();
        assertThat(changes.get(0).get("after").get("cron").asText()).isEqualTo("30 2 * * 1-5");
    }

    @Test
    void createTakesEffectInQuartzAtOnce() {
        api.post("admin", "/api/schedules", SLEEPER);
        assertThat(StoredSchedules.quartzJobExists("sleeper")).isTrue();
    }

    @Test
    void listShowsEveryScheduleWithItsStatusAndAnETag() {
        StoredSchedules.insert("beta", "alpha");
        Response response = api.get("viewer", "/api/schedules");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntityTag()).isNotNull();
        JsonNode list = response.readEntity(JsonNode.class);
        assertThat(list).extracting(s -> s.get("name").asText()).containsExactly("alpha", "beta");
        assertThat(list.get(1).get("dependsOn")).extracting(JsonNode::asText).containsExactly("alpha");
        assertThat(list.get(0).get("nextFireTimes")).hasSize(5);
    }

    @Test
    void listIsTheSameJsonGzippedForAClientThatAcceptsGzip() throws Exception {
        StoredSchedules.insert("beta", "alpha");
        Response plain = api.request("viewer", "/api/schedules").header(HttpHeaders.ACCEPT_ENCODING, "identity").get();
        Response gzipped = api.request("viewer", "/api/schedules").header(HttpHeaders.ACCEPT_ENCODING, "gzip").get();
        assertThat(plain.getHeaderString(HttpHeaders.CONTENT_ENCODING)).isNull();
        assertThat(gzipped.getHeaderString(HttpHeaders.CONTENT_ENCODING)).isEqualTo("gzip");
        byte[] compressed = gzipped.readEntity(byte[].class);
        byte[] json;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(compressed))) {
            json = in.readAllBytes();
        }
        assertThat(json).isEqualTo(plain.readEntity(byte[].class));
        assertThat(compressed.length).isLessThan(json.length);
    }

    @Test
    void listAnswers304WhileNothingChangedAndTheNewListOnceSomethingHas() {
        String etag = api.get("viewer", "/api/schedules").getHeaderString(HttpHeaders.ETAG);
        assertThat(api.request("viewer", "/api/schedules").header(HttpHeaders.IF_NONE_MATCH, etag).get().getStatus())
                .isEqualTo(304);
        api.post("operator", "/api/schedules/alpha/pause", "");
        Response changed = api.request("viewer", "/api/schedules").header(HttpHeaders.IF_NONE_MATCH, etag).get();
        assertThat(changed.getStatus()).isEqualTo(200);
        assertThat(changed.readEntity(JsonNode.class).get(0).get("state").asText()).isEqualTo("PAUSED");
    }

    @Test
    void listIsNeverStaleAfterADirectSqlChangeThatKeepsTheVersion() {
        assertThat(api.get("viewer", "/api/schedules").readEntity(JsonNode.class).get(0).get("lastStatus").isNull())
                .isTrue();
        // The runtime writes status columns without bumping the version; so may an operator's SQL.
        TestDatabase.get().execute("UPDATE orchestrator.maintenance_schedules SET last_status = 'FAILED',"
                + " consecutive_failures = 2 WHERE operation_name = 'alpha'");
        JsonNode alpha = api.get("viewer", "/api/schedules").readEntity(JsonNode.class).get(0);
        assertThat(alpha.get("lastStatus").asText()).isEqualTo("FAILED");
        assertThat(alpha.get("consecutiveFailures").asInt()).isEqualTo(2);
        StoredSchedules.insert("gamma");
        assertThat(api.get("viewer", "/api/schedules").readEntity(JsonNode.class)).hasSize(2);
        TestDatabase.get().execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'gamma'");
        assertThat(api.get("viewer", "/api/schedules").readEntity(JsonNode.class)).hasSize(1);
    }

    @Test
    void listShowsARunningAttemptAndAGlobalPauseAtOnce() {
        TestDatabase.get().execute("INSERT INTO orchestrator.job_runs (id, schedule_name, operation, trigger_kind,"
                + " scheduled_fire_time, started_at, status, node_id) VALUES (2001, 'alpha', 'noop', 'CRON', now(),"
                + " now(), 'RUNNING', 'schedules-node')");
        try {
            assertThat(api.get("viewer", "/api/schedules").readEntity(JsonNode.class).get(0).get("state").asText())
                    .isEqualTo("RUNNING");
        } finally {
            TestDatabase.get().execute("DELETE FROM orchestrator.job_runs WHERE id = 2001");
        }
        assertThat(api.get("viewer", "/api/schedules").readEntity(JsonNode.class).get(0).get("state").asText())
                .isEqualTo("NORMAL");
        TestDatabase.get().execute("UPDATE orchestrator.cluster_state SET global_paused = true");
        try {
            assertThat(api.get("viewer", "/api/schedules").readEntity(JsonNode.class).get(0).get("state").asText())
                    .isEqualTo("PAUSED");
        } finally {
            TestDatabase.get().execute("UPDATE orchestrator.cluster_state SET global_paused = false");
        }
    }

    @Test
    void getReturnsTheVersionAsETag() {
        Response response = api.get("viewer", "/api/schedules/alpha");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntityTag().getValue()).isEqualTo("1");
        assertThat(response.readEntity(JsonNode.class).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void putWithTheCurrentVersionReplacesTheDefinitionAndBumpsTheVersion() {
        Response response = api.put("admin", "/api/schedules/alpha",
                "{\"operation\": \"noop\", \"cron\": \"*/5 * * * *\", \"maxDuration\": \"PT90S\"}", "\"1\"");
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.get("cron").asText()).isEqualTo("*/5 * * * *");
        assertThat(body.get("maxDuration").asText()).isEqualTo("PT1M30S");
        assertThat(body.get("version").asLong()).isEqualTo(2);
        assertThat(StoredSchedules.query("SELECT max_duration_minutes FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'alpha'")).isEqualTo("2");
        JsonNode change = api.get("viewer", "/api/schedules/alpha/changes").readEntity(JsonNode.class).get(0);
        assertThat(change.get("action").asText()).isEqualTo("UPDATE");
        assertThat(change.get("before").get("cron").asText()).isEqualTo("0 0 1 1 *");
        assertThat(change.get("after").get("cron").asText()).isEqualTo("*/5 * * * *");
    }

    @Test
    void aGetBodyCanBeSentBackAsPut() {
        JsonNode current = api.get("viewer", "/api/schedules/alpha").readEntity(JsonNode.class);
        Response response = api.put("admin", "/api/schedules/alpha", current.toString(), "1");
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void concurrentPutsWithTheSameVersionLetOneWinAndRefuseTheOtherWith412() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String cron : List.of("0 1 * * *", "0 2 * * *")) {
                Callable<Integer> put = () -> {
                    start.await();
                    return api.put("admin", "/api/schedules/alpha",
                            "{\"operation\": \"noop\", \"cron\": \"" + cron + "\"}", "\"1\"").getStatus();
                };
                results.add(pool.submit(put));
            }
            start.countDown();
            assertThat(List.of(results.get(0).get(), results.get(1).get())).containsExactlyInAnyOrder(200, 412);
        } finally {
            pool.shutdownNow();
        }
        assertThat(StoredSchedules.query("SELECT version FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'alpha'")).isEqualTo("2");
        assertThat(StoredSchedules.changeCount("alpha")).isEqualTo(1);
    }

    @Test
    void deleteAnswers204AndTheScheduleIsGoneFromTableAndQuartz() {
        api.post("admin", "/api/schedules", "{\"name\": \"gamma\", \"operation\": \"noop\", \"cron\": \"@daily\"}");
        assertThat(api.delete("admin", "/api/schedules/gamma").getStatus()).isEqualTo(204);
        assertThat(api.get("viewer", "/api/schedules/gamma").getStatus()).isEqualTo(404);
        assertThat(StoredSchedules.quartzJobExists("gamma")).isFalse();
        JsonNode changes = api.get("viewer", "/api/schedules/gamma/changes").readEntity(JsonNode.class);
        assertThat(changes.get(0).get("action").asText()).isEqualTo("DELETE");
    }

    @Test
    void pauseAndResumeChangeTheStateAndAreAudited() {
        JsonNode paused = api.post("operator", "/api/schedules/alpha/pause", "").readEntity(JsonNode.class);
        assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
        JsonNode resumed = api.post("operator", "/api/schedules/alpha/resume", "").readEntity(JsonNode.class);
        assertThat(resumed.get("state").asText()).isEqualTo("NORMAL");
        JsonNode changes = api.get("viewer", "/api/schedules/alpha/changes").readEntity(JsonNode.class);
        assertThat(changes).extracting(c -> c.get("action").asText()).containsExactly("RESUME", "PAUSE");
        assertThat(changes).extracting(c -> c.get("user").asText()).containsOnly("operator");
    }

    @Test
    void resetLiftsASuppression() {
        TestDatabase.get().execute("UPDATE orchestrator.maintenance_schedules SET suppressed_at = now(),"
                + " consecutive_failures = 3 WHERE operation_name = 'alpha'");
        assertThat(api.get("viewer", "/api/schedules/alpha").readEntity(JsonNode.class).get("state").asText())
                .isEqualTo("SUPPRESSED");
        JsonNode reset = api.post("operator", "/api/schedules/alpha/reset", "").readEntity(JsonNode.class);
        assertThat(reset.get("state").asText()).isEqualTo("NORMAL");
        assertThat(reset.get("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void triggerAnswers202AndRunsTheScheduleRecordedAsManualWithTheUser() {
        assertThat(api.post("operator", "/api/schedules/alpha/trigger", "").getStatus()).isEqualTo(202);
        await().untilAsserted(() -> {
            JsonNode runs = api.get("viewer", "/api/schedules/alpha/runs").readEntity(JsonNode.class);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).get("trigger").asText()).isEqualTo("MANUAL");
            assertThat(runs.get(0).get("user").asText()).isEqualTo("operator");
            assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCESS");
        });
    }

    @Test
    void runsArePagedNewestFirstByCursorAndFiltered() {
        for (int i = 1; i <= 5; i++) {
            TestDatabase.get().execute("INSERT INTO orchestrator.job_runs (id, schedule_name, operation, trigger_kind,"
                    + " scheduled_fire_time, started_at, status, node_id) VALUES (" + (1000 + i) + ", 'alpha', 'noop',"
                    + " 'CRON', '2026-01-0" + i + "T00:00:00Z', '2026-01-0" + i + "T00:00:00Z', '"
                    + (i % 2 == 0 ? "FAILED" : "SUCCESS") + "', 'n1')");
        }
        JsonNode first = api.get("viewer", "/api/runs?limit=2").readEntity(JsonNode.class);
        assertThat(first.get("runs")).extracting(r -> r.get("id").asLong()).containsExactly(1005L, 1004L);
        JsonNode second = api.get("viewer", "/api/runs?limit=2&cursor=" + first.get("nextCursor").asLong())
                .readEntity(JsonNode.class);
        assertThat(second.get("runs")).extracting(r -> r.get("id").asLong()).containsExactly(1003L, 1002L);
        JsonNode last = api.get("viewer", "/api/runs?limit=2&cursor=1002").readEntity(JsonNode.class);
        assertThat(last.get("runs")).extracting(r -> r.get("id").asLong()).containsExactly(1001L);
        assertThat(last.get("nextCursor").isNull()).isTrue();
        JsonNode failed = api.get("viewer", "/api/runs?status=FAILED&since=2026-01-03T00:00:00Z&schedule=alpha")
                .readEntity(JsonNode.class);
        assertThat(failed.get("runs")).extracting(r -> r.get("id").asLong()).containsExactly(1004L);
        assertThat(api.get("viewer", "/api/runs/1003").readEntity(JsonNode.class).get("status").asText())
                .isEqualTo("SUCCESS");
        assertThat(api.get("viewer", "/api/runs/999999").getStatus()).isEqualTo(404);
    }

    @Test
    void dagShowsNodesEdgesAndOrderAsJsonOrGraphviz() {
        StoredSchedules.insert("beta", "alpha");
        JsonNode dag = api.get("viewer", "/api/dag").readEntity(JsonNode.class);
        assertThat(dag.get("topologicalOrder")).extracting(JsonNode::asText).containsExactly("alpha", "beta");
        assertThat(dag.get("edges").get(0)).extracting(JsonNode::asText).containsExactly("alpha", "beta");
        String dot = api.get("viewer", "/api/dag?format=dot").readEntity(String.class);
        assertThat(dot).contains("digraph").contains("alpha -> beta");
    }

    @Test
    void schedulerShowsThisNodeTheClusterAndGlobalPause() {
        await().untilAsserted(() -> assertThat(api.get("viewer", "/api/scheduler").readEntity(JsonNode.class)
                .get("nodes")).extracting(n -> n.get("id").asText()).contains("schedules-node"));
        JsonNode paused = api.post("admin", "/api/scheduler/pause", "").readEntity(JsonNode.class);
        assertThat(paused.get("nodeId").asText()).isEqualTo("schedules-node");
        assertThat(paused.get("globallyPaused").asBoolean()).isTrue();
        assertThat(api.get("viewer", "/api/schedules/alpha").readEntity(JsonNode.class).get("state").asText())
                .isEqualTo("PAUSED");
        assertThat(api.post("admin", "/api/scheduler/resume", "").readEntity(JsonNode.class)
                .get("globallyPaused").asBoolean()).isFalse();
    }

    @Test
    void operationsListNamesDescriptionsAndConfigKeysWithDefaults() {
        JsonNode operations = api.get("viewer", "/api/operations").readEntity(JsonNode.class);
        JsonNode sleep = null;
        for (JsonNode operation : operations) {
            if (operation.get("name").asText().equals("sleep")) {
                sleep = operation;
            }
        }
        assertThat(sleep).isNotNull();
        assertThat(sleep.get("description").asText()).isNotBlank();
        assertThat(sleep.get("configKeys").get(0).get("name").asText()).isEqualTo("seconds");
        assertThat(sleep.get("configKeys").get(0).get("type").asText()).isEqualTo("number");
        assertThat(sleep.get("configKeys").get(0).get("defaultValue").asDouble()).isEqualTo(1.0);
    }
}
