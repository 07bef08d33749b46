package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on one database: a change through either is seen through the other at once. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClusterResourceIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> NODE_A = ApiTestApp.node("node-a");
    static final DropwizardAppExtension<OrchestratorConfiguration> NODE_B = ApiTestApp.node("node-b");

    private final ApiClient a = new ApiClient(NODE_A);
    private final ApiClient b = new ApiClient(NODE_B);

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
    void aScheduleCreatedThroughOneNodeIsServedByTheOtherAndScheduledInQuartz() {
        assertThat(a.post("admin", "/api/schedules",
                "{\"name\": \"gamma\", \"operation\": \"noop\", \"cron\": \"@daily\"}").getStatus()).isEqualTo(201);
        JsonNode seen = b.get("viewer", "/api/schedules/gamma").readEntity(JsonNode.class);
        assertThat(seen.get("cron").asText()).isEqualTo("@daily");
        assertThat(StoredSchedules.quartzJobExists("gamma")).isTrue();
    }

    @Test
    void anUpdateThroughOneNodeMakesTheOtherNodesVersionStale() {
        assertThat(a.put("admin", "/api/schedules/alpha", "{\"operation\": \"noop\", \"cron\": \"@weekly\"}", "1")
                .getStatus()).isEqualTo(200);
        assertThat(b.put("admin", "/api/schedules/alpha", "{\"operation\": \"noop\", \"cron\": \"@monthly\"}", "1")
                .getStatus()).isEqualTo(412);
        JsonNode seen = b.get("viewer", "/api/schedules/alpha").readEntity(JsonNode.class);
        assertThat(seen.get("cron").asText()).isEqualTo("@weekly");
        assertThat(seen.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aPauseThroughOneNodeIsSeenThroughTheOther() {
        a.post("operator", "/api/schedules/alpha/pause", "");
        assertThat(b.get("viewer", "/api/schedules/alpha").readEntity(JsonNode.class).get("state").asText())
                .isEqualTo("PAUSED");
    }

    @Test
    void aGlobalPauseThroughOneNodeIsSeenThroughTheOther() {
        a.post("admin", "/api/scheduler/pause", "");
        assertThat(b.get("viewer", "/api/scheduler").readEntity(JsonNode.class).get("globallyPaused").asBoolean())
                .isTrue();
        b.post("admin", "/api/scheduler/resume", "");
        assertThat(a.get("viewer", "/api/scheduler").readEntity(JsonNode.class).get("globallyPaused").asBoolean())
                .isFalse();
    }
}
