package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.BadRows;
import org.guardian.orchestrator.testing.ScheduleRows;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows an operator wrote by SQL that cannot be read or scheduled, on a running node: each is
 * BLOCKED with its reason, the API lists it, health names it, and the other schedules keep firing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BadScheduleRowsIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("bad-rows-node",
            TestDatabase.get().jdbcUrl(), TestDatabase.get().user(), TestDatabase.get().password(), true,
            ConfigOverride.config("scheduler.reconcileIntervalSeconds", "1"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestDatabase db = TestDatabase.get();
    private final ApiClient api = new ApiClient(APP);

    @BeforeEach
    void aScheduleFiringEverySecond() {
        StoredSchedules.reset();
        ScheduleRows.schedule(db, "steady").cron("* * * * * ?").insert();
        await().atMost(WAIT).until(() -> runsOf("steady") >= 2);
    }

    @AfterEach
    void stopFiring() {
        db.execute("UPDATE orchestrator.maintenance_schedules SET is_enabled = false");
        StoredSchedules.awaitQuiet();
    }

    @Test
    void eachBadRowIsBlockedWithItsReasonAndListed() {
        BadRows.insertAll(db);

        for (BadRows.Row row : BadRows.ALL) {
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode view = schedule(row.name());
                assertThat(view.path("state").asText()).as(row.name()).isEqualTo("BLOCKED");
                assertThat(view.path("blockedReason").asText()).as(row.name()).contains(row.reasonMentions());
            });
        }
        Response list = api.get("viewer", "/api/schedules");
        assertThat(list.getStatus()).as(list.readEntity(String.class)).isEqualTo(200);
        assertThat(list.readEntity(String.class)).contains(BadRows.ALL.stream().map(BadRows.Row::name).toList());
        assertThat(api.get("viewer", "/api/dag").getStatus()).isEqualTo(200);
    }

    @Test
    void healthNamesEachBadRow() {
        BadRows.insertAll(db);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode dag = health().path("dag");
            assertThat(dag.path("healthy").asBoolean()).isFalse();
            assertThat(dag.path("message").asText()).contains(BadRows.ALL.stream().map(BadRows.Row::name).toList());
        });
    }

    @Test
    void theOtherSchedulesKeepFiring() {
        BadRows.insertAll(db);
        await().atMost(WAIT).until(() -> BadRows.ALL.stream().allMatch(row -> blockedReason(row.name()) != null));
        int before = runsOf("steady");

        await().atMost(WAIT).until(() -> runsOf("steady") >= before + 3);
        assertThat(BadRows.ALL).allSatisfy(row -> assertThat(runsOf(row.name())).as(row.name()).isZero());
    }

    @Test
    void aBadRowFixedBySqlFiresAgain() {
        BadRows.insertAll(db);
        await().atMost(WAIT).until(() -> blockedReason("never_fires") != null);

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '* * * * * ?'"
                + " WHERE operation_name = 'never_fires'");

        await().atMost(WAIT).until(() -> runsOf("never_fires") >= 1);
        assertThat(blockedReason("never_fires")).isNull();
    }

    private JsonNode schedule(String name) {
        Response response = api.get("viewer", "/api/schedules/" + name);
        assertThat(response.getStatus()).as(response.readEntity(String.class)).isEqualTo(200);
        return response.readEntity(JsonNode.class);
    }

    private int runsOf(String schedule) {
        return ScheduleRows.runs(db, schedule).size();
    }

    private String blockedReason(String schedule) {
        return ScheduleRows.scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = '" + schedule + "'");
    }

    private static JsonNode health() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
