package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /api/notifications}: the listing with its filters, and the test notification, on a node with a webhook. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NotificationsResourceIT {
    private static final WebhookReceiver WEBHOOK = receiver();
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("notifications-node",
            TestDatabase.get().jdbcUrl(), TestDatabase.get().user(), TestDatabase.get().password(), true,
            ConfigOverride.config("notifications.webhook.url", WEBHOOK.url()));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiClient api = new ApiClient(APP);

    private static WebhookReceiver receiver() {
        try {
            return WebhookReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        WEBHOOK.close();
    }

    @BeforeEach
    void empty() {
        StoredSchedules.reset();
    }

    @Test
    void anAdminSendsATestNotificationThatReachesTheWebhookAndIsListedSent() throws Exception {
        Response accepted = api.post(Roles.ADMIN, "/api/notifications/test", "");
        assertThat(accepted.getStatus()).isEqualTo(202);
        long id = JSON.readTree(accepted.readEntity(String.class)).get("ids").get(0).asLong();

        await().atMost(Duration.ofSeconds(30)).until(() -> listed("/api/notifications?event=TEST").findValuesAsText("status")
                .equals(java.util.List.of("SENT")));
        JsonNode listed = listed("/api/notifications?status=SENT&event=TEST&limit=10").get(0);
        assertThat(listed.get("id").asLong()).isEqualTo(id);
        assertThat(listed.get("channel").asText()).isEqualTo("WEBHOOK");
        assertThat(listed.get("subject").asText()).isEqualTo("[Guardian Orchestrator] TEST");
        assertThat(listed.get("sentBy").asText()).isEqualTo("notifications-node");
        JsonNode received = JSON.readTree(WEBHOOK.received().get(WEBHOOK.received().size() - 1).body());
        assertThat(received.get("text").asText()).contains("A test notification sent by admin");
        assertThat(received.get("event").asText()).isEqualTo("TEST");
    }

    @Test
    void onlyAnAdminMaySendATestNotification() {
        assertThat(api.post(Roles.OPERATOR, "/api/notifications/test", "").getStatus()).isEqualTo(403);
        assertThat(api.post(null, "/api/notifications/test", "").getStatus()).isEqualTo(401);
        assertThat(api.get(Roles.VIEWER, "/api/notifications").getStatus()).isEqualTo(200);
    }

    @Test
    void badFiltersAreRefusedWith400NamingTheParameter() {
        assertThat(refusal("/api/notifications?status=BOGUS")).contains("status: must be one of");
        assertThat(refusal("/api/notifications?event=NOPE")).contains("event: must be one of");
        assertThat(refusal("/api/notifications?schedule=Not-A-Name")).contains("schedule: must be a schedule name");
        assertThat(api.get(Roles.VIEWER, "/api/notifications?limit=0").getStatus()).isEqualTo(400);
        assertThat(api.get(Roles.VIEWER, "/api/notifications?limit=abc").getStatus()).isEqualTo(400);
    }

    private String refusal(String path) {
        Response response = api.get(Roles.VIEWER, path);
        assertThat(response.getStatus()).isEqualTo(400);
        return response.readEntity(String.class);
    }

    private JsonNode listed(String path) throws IOException {
        Response response = api.get(Roles.VIEWER, path);
        assertThat(response.getStatus()).isEqualTo(200);
        return JSON.readTree(response.readEntity(String.class));
    }
}
