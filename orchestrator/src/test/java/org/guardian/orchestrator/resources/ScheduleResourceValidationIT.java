package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorApplication;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal answers with a JSON error naming what is wrong, and leaves the database exactly as it was. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScheduleResourceValidationIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("validation-node");

    private final ApiClient api = new ApiClient(APP);

    /** A request an admin sends, the status it gets, and text the error body must contain. */
    record BadRequest(String description, String method, String path, String body, String ifMatch, int status,
                      String errorMentions) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                post("malformed JSON", "{\"name\": \"gamma\", ", 400, "Unable to process JSON"),
                post("an unknown field", body("gamma", "\"cron\": \"@daily\", \"bogus\": 1"), 400, "Unable to process JSON"),
                post("no body", "", 422, "body"),
                post("an invalid cron", body("gamma", "\"cron\": \"61 * * * *\""), 422, "cron: invalid minute"),
                post("a cron with too many fields", body("gamma", "\"cron\": \"* * * * * * * *\""), 422, "cron"),
                post("an unknown operation", body("gamma", "\"cron\": \"@daily\", \"operation\": \"nope\""), 422,
                        "operation: unknown operation nope"),
                post("an unknown dependency", body("gamma", "\"cron\": \"@daily\", \"dependsOn\": [\"ghost\"]"), 422,
                        "dependsOn: unknown schedule ghost"),
                post("a bad time zone", body("gamma", "\"cron\": \"@daily\", \"timeZone\": \"Mars/Olympus\""), 422,
                        "timeZone"),
                post("priority above 10", body("gamma", "\"cron\": \"@daily\", \"priority\": 11"), 422, "priority"),
                post("priority below 1", body("gamma", "\"cron\": \"@daily\", \"priority\": 0"), 422, "priority"),
                post("negative retries", body("gamma", "\"cron\": \"@daily\", \"maxRetries\": -1"), 422, "maxRetries"),
                post("too many retries", body("gamma", "\"cron\": \"@daily\", \"maxRetries\": 101"), 422, "maxRetries"),
                post("zero consecutive failures", body("gamma", "\"cron\": \"@daily\", \"maxConsecutiveFailures\": 0"),
                        422, "maxConsecutiveFailures"),
                post("a duration that is not ISO-8601", body("gamma", "\"cron\": \"@daily\", \"maxDuration\": \"45 min\""),
                        422, "maxDuration"),
                post("a zero max duration", body("gamma", "\"cron\": \"@daily\", \"maxDuration\": \"PT0S\""), 422,
                        "maxDuration"),
                post("a negative backoff", body("gamma", "\"cron\": \"@daily\", \"retryBackoff\": \"-PT1M\""), 422,
                        "retryBackoff"),
                post("an unknown misfire policy", body("gamma", "\"cron\": \"@daily\", \"misfirePolicy\": \"LATER\""),
                        422, "misfirePolicy"),
                post("an unknown config key", body("gamma", "\"cron\": \"@daily\", \"operation\": \"sleep\","
                        + " \"config\": {\"batch_size\": 10}"), 422, "config.batch_size"),
                post("a mistyped config value", body("gamma", "\"cron\": \"@daily\", \"operation\": \"sleep\","
                        + " \"config\": {\"seconds\": \"ten\"}"), 422, "config.seconds"),
                post("an out-of-range config value", body("gamma", "\"cron\": \"@daily\", \"operation\": \"flaky\","
                        + " \"config\": {\"failures\": 1000}"), 422, "config.failures"),
                post("a name with capitals", body("Gamma", "\"cron\": \"@daily\""), 422, "name"),
                post("a name that is too long", body("g".repeat(64), "\"cron\": \"@daily\""), 422, "name"),
                post("a name already taken", body("alpha", "\"cron\": \"@daily\""), 409, "already exists"),
                post("a self-dependency", body("gamma", "\"cron\": \"@daily\", \"dependsOn\": [\"gamma\"]"), 422,
                        "dependsOn"),
                post("a body over 64 KiB", body("gamma", "\"cron\": \"@daily\", \"operation\": \"fail\","
                        + " \"config\": {\"message\": \"" + "x".repeat(70_000) + "\"}"), 413, "larger than"),
                new BadRequest("a cycle", "PUT", "/api/schedules/alpha",
                        "{\"operation\": \"noop\", \"cron\": \"@daily\", \"dependsOn\": [\"beta\"]}", null, 409,
                        "dependency cycle alpha -> beta -> alpha"),
                new BadRequest("a stale If-Match", "PUT", "/api/schedules/alpha",
                        "{\"operation\": \"noop\", \"cron\": \"@daily\"}", "\"7\"", 412, "version 1, not 7"),
                new BadRequest("a rename through PUT", "PUT", "/api/schedules/alpha",
                        "{\"name\": \"omega\", \"operation\": \"noop\", \"cron\": \"@daily\"}", null, 422, "name"),
                new BadRequest("PUT of an unknown name", "PUT", "/api/schedules/ghost",
                        "{\"operation\": \"noop\", \"cron\": \"@daily\"}", null, 404, "ghost"),
                new BadRequest("DELETE of a depended-on schedule", "DELETE", "/api/schedules/alpha", null, null, 409,
                        "depended on by beta"),
                new BadRequest("DELETE of an unknown name", "DELETE", "/api/schedules/ghost", null, null, 404, "ghost"),
                new BadRequest("GET of an unknown name", "GET", "/api/schedules/ghost", null, null, 404, "ghost"),
                new BadRequest("pause of an unknown name", "POST", "/api/schedules/ghost/pause", "", null, 404, "ghost"),
                new BadRequest("trigger of an unknown name", "POST", "/api/schedules/ghost/trigger", "", null, 404,
                        "ghost"),
                new BadRequest("runs of an unknown name", "GET", "/api/schedules/ghost/runs", null, null, 404, "ghost"),
                new BadRequest("a limit above 500", "GET", "/api/runs?limit=501", null, null, 400, "limit"));
    }

    /** Input that reached the database or Quartz before being refused, and answered 500 or 404. */
    static Stream<BadRequest> inputThatOnceFailedLate() {
        return Stream.of(
                post("a cron that never fires again", body("gamma", "\"cron\": \"0 0 0 1 1 ? 2020\""), 422,
                        "cron: never fires again"),
                new BadRequest("a replacement cron that never fires again", "PUT", "/api/schedules/alpha",
                        "{\"operation\": \"noop\", \"cron\": \"0 0 0 1 1 ? 2020\"}", null, 422,
                        "cron: never fires again"),
                post("a cron too long for Quartz's table", body("gamma", "\"cron\": \"0 " + minuteList() + " * * * ?\""),
                        422, "cron"),
                post("a null dependency", body("gamma", "\"cron\": \"@daily\", \"dependsOn\": [null]"), 422,
                        "dependsOn"),
                post("a null config value", body("gamma", "\"cron\": \"@daily\", \"operation\": \"sleep\","
                        + " \"config\": {\"seconds\": null}"), 422, "config"),
                post("a NUL character in a config string", body("gamma", "\"cron\": \"@daily\", \"operation\": \"fail\","
                        + " \"config\": {\"message\": \"a\\u0000b\"}"), 422, "config.message"),
                post("a max duration finer than the table keeps", body("gamma", "\"cron\": \"@daily\","
                        + " \"maxDuration\": \"PT0.0000001S\""), 422, "maxDuration"),
                post("a dependency window finer than the table keeps", body("gamma", "\"cron\": \"@daily\","
                        + " \"dependencyWindow\": \"PT0.0000001S\""), 422, "dependencyWindow"),
                new BadRequest("an unknown run status", "GET", "/api/runs?status=DONE", null, null, 400, "status"),
                new BadRequest("a since that is not an instant", "GET", "/api/runs?since=yesterday", null, null, 400,
                        "since"),
                new BadRequest("a since beyond PostgreSQL's range", "GET", "/api/runs?since=%2B999999999-01-01T00:00:00Z",
                        null, null, 400, "since"),
                new BadRequest("a limit that is not a number", "GET", "/api/runs?limit=abc", null, null, 400, "limit"),
                new BadRequest("a cursor that is not a number", "GET", "/api/runs?cursor=x", null, null, 400, "cursor"),
                new BadRequest("a schedule filter that is not a name", "GET", "/api/runs?schedule=a%00b", null, null, 400,
                        "schedule"),
                new BadRequest("a runs limit of a schedule that is not a number", "GET",
                        "/api/schedules/alpha/runs?limit=abc", null, null, 400, "limit"),
                new BadRequest("a changes limit that is not a number", "GET", "/api/schedules/alpha/changes?limit=1.5",
                        null, null, 400, "limit"));
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @BeforeEach
    void betaDependsOnAlpha() throws Exception {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("beta", "alpha");
        APP.<OrchestratorApplication>getApplication().node().synchronizer().synchronizeAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"badRequests", "inputThatOnceFailedLate"})
    void isRefusedWithAJsonErrorAndChangesNothing(BadRequest bad) {
        String before = StoredSchedules.snapshot();
        String quartzBefore = StoredSchedules.quartzSnapshot();
        Response response = send(bad);
        assertThat(response.getStatus()).as(response.readEntity(String.class)).isEqualTo(bad.status());
        JsonNode error = response.readEntity(JsonNode.class);
        assertThat(error.has("errors") || (error.has("code") && error.has("message"))).as(error.toString()).isTrue();
        assertThat(error.toString()).contains(bad.errorMentions());
        assertThat(StoredSchedules.snapshot()).isEqualTo(before);
        assertThat(StoredSchedules.quartzSnapshot()).isEqualTo(quartzBefore);
    }

    @Test
    void aPasswordLongerThanBcryptTakesIsUnauthorized() {
        Response response = ApiClient.buffered(api.request(null, "/api/schedules")
                .header(HttpHeaders.AUTHORIZATION, ApiClient.basic("admin", "p".repeat(100))).get());
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic realm=");
    }

    private Response send(BadRequest bad) {
        return switch (bad.method()) {
            case "PUT" -> api.put("admin", bad.path(), bad.body(), bad.ifMatch());
            default -> api.send("admin", bad.method(), bad.path(), bad.body());
        };
    }

    private static BadRequest post(String description, String body, int status, String errorMentions) {
        return new BadRequest(description, "POST", "/api/schedules", body, null, status, errorMentions);
    }

    /** Every minute listed: a valid cron whose text is longer than Quartz's table stores. */
    private static String minuteList() {
        return String.join(",", java.util.stream.IntStream.range(0, 60).mapToObj(Integer::toString).toList());
    }

    /** A body for {@code name} with the given fields; the operation is {@code noop} unless they name one. */
    private static String body(String name, String fields) {
        String operation = fields.contains("\"operation\"") ? "" : "\"operation\": \"noop\", ";
        return "{\"name\": \"" + name + "\", " + operation + fields + "}";
    }
}
