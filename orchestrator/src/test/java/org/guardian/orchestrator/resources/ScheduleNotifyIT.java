package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A schedule's {@code notify} through the API: stored, shown, audited, and refused with 422 naming the field. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScheduleNotifyIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("notify-api-node");
    private static final String ROUTED = "{\"name\": \"routed\", \"operation\": \"noop\", \"cron\": \"0 3 * * *\","
            + " \"notify\": {\"events\": [\"SUPPRESSED\", \"FAILED\"], \"email\": [\"dba@guardian.local\"],"
            + " \"webhook\": false}}";

    private final ApiClient api = new ApiClient(APP);

    @BeforeEach
    void empty() {
        StoredSchedules.reset();
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @Test
    void aNotifyIsStoredShownAndAudited() {
        assertThat(api.post("admin", "/api/schedules", ROUTED).getStatus()).isEqualTo(201);
        JsonNode notify = api.get("viewer", "/api/schedules/routed").readEntity(JsonNode.class).get("notify");
        assertThat(notify.get("events")).hasSize(2);
        assertThat(notify.get("email").get(0).asText()).isEqualTo("dba@guardian.local");
        assertThat(notify.get("webhook").asBoolean()).isFalse();

        Response replaced = api.put("admin", "/api/schedules/routed", "{\"operation\": \"noop\", \"cron\": \"0 3 * * *\","
                + " \"notify\": {\"events\": []}}", "\"1\"");
        assertThat(replaced.getStatus()).isEqualTo(200);
        assertThat(replaced.readEntity(JsonNode.class).get("notify").get("events")).isEmpty();
        assertThat(StoredSchedules.query("SELECT after->'notify'->>'events' || ' ' || (before->'notify'->'email'->>0)"
                + " FROM orchestrator.schedule_changes WHERE schedule_name = 'routed' AND action = 'UPDATE'"))
                .isEqualTo("[] dba@guardian.local");
    }

    @Test
    void aScheduleWithoutNotifyShowsNull() {
        assertThat(api.post("admin", "/api/schedules", "{\"name\": \"plain\", \"cron\": \"0 3 * * *\","
                + " \"operation\": \"noop\"}").getStatus()).isEqualTo(201);
        assertThat(api.get("viewer", "/api/schedules/plain").readEntity(JsonNode.class).get("notify").isNull()).isTrue();
    }

    @Test
    void aBadNotifyIsRefusedWith422NamingTheFieldAndNothingIsStored() {
        String before = StoredSchedules.snapshot();
        assertThat(refusal("{\"events\": [\"SUPPRESSED\", \"X\"]}")).contains("notify.events[1]: unknown event \\\"X\\\"");
        assertThat(refusal("{\"email\": [\"not an address\"]}")).contains("notify.email[0]: not an email address");
        assertThat(refusal("{\"webhook\": \"yes\"}")).contains("notify.webhook: must be true or false");
        assertThat(refusal("{\"colour\": \"red\"}")).contains("notify.colour: unknown field");
        assertThat(refusal("[\"SUPPRESSED\"]")).contains("notify: must be an object");
        assertThat(StoredSchedules.snapshot()).isEqualTo(before);
    }

    @Test
    void aNotifyWrittenBySqlThatCannotBeUsedIsShownAndNamedByHealthWhileTheScheduleKeepsRunning() throws Exception {
        assertThat(api.post("admin", "/api/schedules", "{\"name\": \"odd\", \"cron\": \"0 3 * * *\","
                + " \"operation\": \"noop\"}").getStatus()).isEqualTo(201);
        assertThat(api.get("viewer", "/api/schedules/odd").readEntity(JsonNode.class).get("notifyProblem").isNull())
                .isTrue();
        assertThat(health().path("schedule-notify").path("healthy").asBoolean()).isTrue();

        TestDatabase.get().execute("UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"NOPE\"]}'"
                + " WHERE operation_name = 'odd'");

        JsonNode view = api.get("viewer", "/api/schedules/odd").readEntity(JsonNode.class);
        assertThat(view.get("notifyProblem").asText()).contains("notify.events[0]: unknown event \"NOPE\"")
                .contains("defaults");
        assertThat(view.get("state").asText()).isNotEqualTo("BLOCKED");
        // the check runs in the background: its answer may be a few seconds old
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode check = health().path("schedule-notify");
            assertThat(check.path("healthy").asBoolean()).isFalse();
            assertThat(check.path("message").asText()).contains("odd").contains("unknown event");
        });
    }

    private static JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    private String refusal(String notify) {
        Response response = api.post("admin", "/api/schedules", "{\"name\": \"bad\", \"operation\": \"noop\","
                + " \"cron\": \"0 3 * * *\", \"notify\": " + notify + "}");
        assertThat(response.getStatus()).isEqualTo(422);
        return response.readEntity(String.class);
    }
}
