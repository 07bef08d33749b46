package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
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
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** PATCH with a JSON merge patch: one field changes, the others stay; checked, versioned and audited as PUT. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchedulePatchIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("patch-node");
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String SLEEPER = "{\"name\": \"sleeper\", \"operation\": \"sleep\", \"cron\": \"30 2 * * 1-5\","
            + " \"timeZone\": \"Europe/Berlin\", \"dependsOn\": [\"alpha\"], \"maxDuration\": \"PT45M\","
            + " \"maxRetries\": 2, \"retryBackoff\": \"PT1M\", \"priority\": 2, \"misfirePolicy\": \"SKIP\","
            + " \"config\": {\"seconds\": 0.5}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiClient api = new ApiClient(APP);

    @BeforeEach
    void aScheduleWithEveryFieldSet() throws Exception {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        APP.<OrchestratorApplication>getApplication().node().synchronizer().synchronizeAll();
        assertThat(api.post("admin", "/api/schedules", SLEEPER).getStatus()).isEqualTo(201);
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @Test
    void patchChangesTheCronAndKeepsEveryOtherField() {
        HttpResponse<String> response = patch("{\"cron\": \"0 3 * * *\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("cron").asText()).isEqualTo("0 3 * * *");
        assertThat(body.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(body.get("dependsOn")).extracting(JsonNode::asText).containsExactly("alpha");
        assertThat(body.get("maxDuration").asText()).isEqualTo("PT45M");
        assertThat(body.get("maxRetries").asInt()).isEqualTo(2);
        assertThat(body.get("retryBackoff").asText()).isEqualTo("PT1M");
        assertThat(body.get("priority").asInt()).isEqualTo(2);
        assertThat(body.get("misfirePolicy").asText()).isEqualTo("SKIP");
        assertThat(body.get("config").get("seconds").asDouble()).isEqualTo(0.5);
        assertThat(body.get("version").asLong()).isEqualTo(2);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
    }

    @Test
    void theNewCronTakesEffectInQuartzAtOnce() {
        String before = StoredSchedules.quartzSnapshot();
        patch("{\"cron\": \"0 3 * * *\"}", null);
        assertThat(StoredSchedules.quartzSnapshot()).isNotEqualTo(before);
    }

    @Test
    void nullRemovesAnOptionalFieldSoItTakesItsDefault() {
        HttpResponse<String> response = patch("{\"maxRetries\": null, \"retryBackoff\": null, \"misfirePolicy\": null,"
                + " \"dependsOn\": null, \"timeZone\": null}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("maxRetries").asInt()).isZero();
        assertThat(body.get("retryBackoff").asText()).isEqualTo("PT30S");
        assertThat(body.get("misfirePolicy").asText()).isEqualTo("FIRE_ONCE");
        assertThat(body.get("dependsOn")).isEmpty();
        assertThat(body.get("timeZone").asText()).isEqualTo("UTC");
        assertThat(body.get("priority").asInt()).isEqualTo(2);
    }

    @Test
    void aNestedObjectIsMergedKeyByKey() {
        HttpResponse<String> response = patch("{\"config\": {\"seconds\": 1}}", null);
        assertThat(json(response).get("config").get("seconds").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"maxRetries\": 1000}|422|maxRetries",
            "{\"cron\": \"99 * * * *\"}|422|cron",
            "{\"cron\": null}|422|cron",
            "{\"retryBackoff\": \"soon\"}|422|retryBackoff",
            "{\"dependsOn\": [\"nobody\"]}|422|dependsOn",
            "{\"name\": \"other\"}|422|name",
            "{\"keepRuns\": -1}|422|keepRuns",
            "{\"keepRuns\": 1000001}|422|keepRuns",
            "{\"maxRetries\": \"lots\"}|400|maxRetries",
            "{\"colour\": \"red\"}|400|colour",
            "[1, 2]|400|body"})
    void aBadFieldIsRefusedByNameAndChangesNothing(String patch, int status, String field) {
        String before = StoredSchedules.snapshot();
        String quartzBefore = StoredSchedules.quartzSnapshot();
        HttpResponse<String> response = patch(patch, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("errors").toString()).contains(field);
        assertThat(StoredSchedules.snapshot()).isEqualTo(before);
        assertThat(StoredSchedules.quartzSnapshot()).isEqualTo(quartzBefore);
    }

    @Test
    void keepRunsIsAFieldOfTheScheduleThatMovesItsVersion() {
        HttpResponse<String> response = patch("{\"keepRuns\": 50}", "\"1\"");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("keepRuns").asInt()).isEqualTo(50);
        assertThat(json(response).get("version").asLong()).isEqualTo(2);
        assertThat(StoredSchedules.query("SELECT keep_runs FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'sleeper'")).isEqualTo("50");
        assertThat(json(patch("{\"keepRuns\": null}", null)).get("keepRuns").isNull()).isTrue();
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndChangesNothing() {
        assertThat(patch("{\"priority\": 3}", "\"1\"").statusCode()).isEqualTo(200);
        String before = StoredSchedules.snapshot();
        HttpResponse<String> stale = patch("{\"priority\": 4}", "\"1\"");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(StoredSchedules.snapshot()).isEqualTo(before);
        assertThat(patch("{\"priority\": 4}", "\"2\"").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutIfMatchEachPatchAppliesToTheCurrentDefinition() {
        assertThat(patch("{\"priority\": 7}", null).statusCode()).isEqualTo(200);
        JsonNode body = json(patch("{\"maxRetries\": 5}", null));
        assertThat(body.get("priority").asInt()).isEqualTo(7);
        assertThat(body.get("maxRetries").asInt()).isEqualTo(5);
        assertThat(body.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void aPatchIsAuditedWithTheUserAndBothDefinitions() {
        patch("{\"cron\": \"0 3 * * *\"}", null);
        JsonNode changes = api.get("viewer", "/api/schedules/sleeper/changes").readEntity(JsonNode.class);
        assertThat(changes.get(0).get("action").asText()).isEqualTo("UPDATE");
        assertThat(changes.get(0).get("user").asText()).isEqualTo("admin");
        assertThat(changes.get(0).get("before").get("cron").asText()).isEqualTo("30 2 * * 1-5");
        assertThat(changes.get(0).get("after").get("cron").asText()).isEqualTo("0 3 * * *");
        assertThat(changes.get(0).get("after").get("timeZone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    void onlyAnAdminMayPatch() {
        String before = StoredSchedules.snapshot();
        assertThat(api.patch(null, "/api/schedules/sleeper", "{\"priority\": 3}", MERGE_PATCH, null).statusCode())
                .isEqualTo(401);
        assertThat(api.patch("viewer", "/api/schedules/sleeper", "{\"priority\": 3}", MERGE_PATCH, null).statusCode())
                .isEqualTo(403);
        assertThat(api.patch("operator", "/api/schedules/sleeper", "{\"priority\": 3}", MERGE_PATCH, null)
                .statusCode()).isEqualTo(403);
        assertThat(StoredSchedules.snapshot()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotAMergePatchIsRefusedWith415() {
        HttpResponse<String> response = api.patch("admin", "/api/schedules/sleeper", "{\"priority\": 3}",
                "application/json", null);
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void anUnknownScheduleIs404() {
        HttpResponse<String> response = api.patch("admin", "/api/schedules/nobody", "{\"priority\": 3}", MERGE_PATCH,
                null);
        assertThat(response.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> patch(String body, String ifMatch) {
        return api.patch("admin", "/api/schedules/sleeper", body, MERGE_PATCH, ifMatch);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
