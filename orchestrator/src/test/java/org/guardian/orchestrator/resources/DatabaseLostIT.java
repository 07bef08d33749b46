package org.guardian.orchestrator.resources;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request that meets a database session lost under it (a restart, a failover) is answered 503
 * with Retry-After, not 500: the client should try again, and the next request finds a new session.
 */
@Timeout(120)
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseLostIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> NODE = ApiTestApp.node("db-lost-node");

    private final ApiClient api = new ApiClient(NODE);

    @Test
    void aRequestThatMeetsALostDatabaseSessionIsAnswered503WithRetryAfter() {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        List<HttpResponse<String>> failed = new ArrayList<>();
        for (int i = 0; i < 20 && failed.isEmpty(); i++) {
            StoredSchedules.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'guardian/%/db-lost-node'");
            HttpResponse<String> response = api.getOnce("viewer", "/api/schedules/alpha/runs");
            if (response.statusCode() != 200) {
                failed.add(response);
            }
        }

        assertThat(failed).as("a request met a lost session").isNotEmpty();
        assertThat(failed.get(0).statusCode()).isEqualTo(503);
        assertThat(failed.get(0).headers().firstValue("Retry-After")).contains("2");
        assertThat(failed.get(0).body()).contains("database is unreachable");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.getOnce("viewer", "/api/schedules/alpha/runs").statusCode() == 200);
    }
}
