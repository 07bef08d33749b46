package org.guardian.orchestrator.resources;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.auth.Roles;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what: every route for every role, allowed and refused. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResourceRolesIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("roles-node");
    private static final String NEW_SCHEDULE = "{\"name\": \"gamma\", \"operation\": \"noop\", \"cron\": \"0 0 1 1 *\"}";
    private static final String REPLACEMENT = "{\"operation\": \"noop\", \"cron\": \"0 0 2 1 *\"}";
    private static final long RUN_ID = 424_242;

    private final ApiClient api = new ApiClient(APP);

    /** A route, the least role that may call it, and what that role gets. */
    record Route(String method, String path, String body, String leastRole, int status) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/schedules", null, Roles.VIEWER, 200),
            new Route("GET", "/api/schedules?limit=10&state=NORMAL&prefix=al", null, Roles.VIEWER, 200),
            new Route("POST", "/api/schedules", NEW_SCHEDULE, Roles.ADMIN, 201),
            new Route("GET", "/api/schedules/alpha", null, Roles.VIEWER, 200),
            new Route("PUT", "/api/schedules/alpha", REPLACEMENT, Roles.ADMIN, 200),
            new Route("DELETE", "/api/schedules/beta", null, Roles.ADMIN, 204),
            new Route("POST", "/api/schedules/alpha/pause", "", Roles.OPERATOR, 200),
            new Route("POST", "/api/schedules/alpha/resume", "", Roles.OPERATOR, 200),
            new Route("POST", "/api/schedules/alpha/reset", "", Roles.OPERATOR, 200),
            new Route("POST", "/api/schedules/alpha/trigger", "", Roles.OPERATOR, 202),
            new Route("POST", "/api/schedules/alpha/trigger?force=true", "", Roles.OPERATOR, 202),
            new Route("GET", "/api/schedules/alpha/runs", null, Roles.VIEWER, 200),
            new Route("GET", "/api/schedules/alpha/changes", null, Roles.VIEWER, 200),
            new Route("GET", "/api/runs?status=SUCCESS&limit=10", null, Roles.VIEWER, 200),
            new Route("GET", "/api/runs/" + RUN_ID, null, Roles.VIEWER, 200),
            new Route("GET", "/api/dag", null, Roles.VIEWER, 200),
            new Route("GET", "/api/dag?format=dot", null, Roles.VIEWER, 200),
            new Route("GET", "/api/scheduler", null, Roles.VIEWER, 200),
            new Route("POST", "/api/scheduler/pause", "", Roles.ADMIN, 200),
            new Route("POST", "/api/scheduler/resume", "", Roles.ADMIN, 200),
            new Route("GET", "/api/operations", null, Roles.VIEWER, 200),
            new Route("GET", "/api/notifications?status=SENT", null, Roles.VIEWER, 200),
            new Route("GET", "/api/session", null, Roles.VIEWER, 200),
            new Route("GET", "/api/console/latest-runs", null, Roles.VIEWER, 200),
            new Route("POST", "/api/cron/preview", "{\"cron\": \"@daily\"}", Roles.VIEWER, 200),
            // this node has no notification channel: the test is refused, with what to configure
            new Route("POST", "/api/notifications/test", "", Roles.ADMIN, 409));

    private static final Map<String, List<String>> MAY_ACT_AS = Map.of(
            Roles.VIEWER, List.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN),
            Roles.OPERATOR, List.of(Roles.OPERATOR, Roles.ADMIN),
            Roles.ADMIN, List.of(Roles.ADMIN));

    static Stream<Arguments> everyRouteForEveryUser() {
        return ROUTES.stream().flatMap(route -> Stream.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN)
                .map(user -> Arguments.of(route, user)));
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @BeforeEach
    void twoSchedulesAndOneRun() {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("beta", "alpha");
        TestDatabase.get().execute("INSERT INTO orchestrator.job_runs (id, schedule_name, operation, trigger_kind,"
                + " scheduled_fire_time, started_at, finished_at, duration_ms, status, node_id)"
                + " VALUES (" + RUN_ID + ", 'alpha', 'noop', 'CRON', now(), now(), now(), 1, 'SUCCESS', 'n1')");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everyRouteForEveryUser")
    void eachRoleGetsExactlyWhatItMayDo(Route route, String user) {
        String before = StoredSchedules.snapshot();
        Response response = api.send(user, route.method(), route.path(), route.body());
        if (MAY_ACT_AS.get(route.leastRole()).contains(user)) {
            assertThat(response.getStatus()).as(response.readEntity(String.class)).isEqualTo(route.status());
        } else {
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(StoredSchedules.snapshot()).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void noRouteAnswersWithoutCredentials(Route route) {
        String before = StoredSchedules.snapshot();
        Response response = api.send(null, route.method(), route.path(), route.body());
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic realm=");
        assertThat(StoredSchedules.snapshot()).isEqualTo(before);
    }

    static Stream<Route> routes() {
        return ROUTES.stream();
    }

    @Test
    void aWrongPasswordIsRefusedWith401() {
        Response response = api.request(null, "/api/schedules")
                .header(HttpHeaders.AUTHORIZATION, ApiClient.basic("viewer", "guess")).get();
        response.close();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isNotNull();
    }

    @Test
    void repeatedFailedLoginsOfOneCallerAreRefusedWith429WithoutLockingOutOthers() {
        for (int i = 0; i < 5; i++) {
            assertThat(ApiClient.buffered(api.request(null, "/api/schedules")
                    .header(HttpHeaders.AUTHORIZATION, ApiClient.basic("mallory", "guess" + i)).get()).getStatus())
                    .isEqualTo(401);
        }
        Response refused = api.request(null, "/api/schedules")
                .header(HttpHeaders.AUTHORIZATION, ApiClient.basic("mallory", "guess")).get();
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.readEntity(String.class)).contains("Too many failed logins");
        assertThat(api.get(Roles.VIEWER, "/api/schedules").getStatus()).isEqualTo(200);
    }
}
