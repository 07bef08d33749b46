package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.StoredSchedules;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's side of the API: its login session, the cron preview, and its files. */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConsoleApiIT {
    static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("console-api-node");
    private static final String CONSOLE = "X-Guardian-Console";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void oneSchedule() {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
    }

    @AfterEach
    void nothingLeftRunning() {
        StoredSchedules.awaitQuiet();
    }

    @Test
    void aLoginSetsAnHttpOnlySameSiteStrictCookieThatAuthenticatesRequests() throws Exception {
        HttpResponse<String> login = logIn("operator", ApiTestApp.OPERATOR_PASSWORD);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(login.body()).get("role").asText()).isEqualTo("operator");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("guardian_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/").doesNotContainIgnoringCase("Secure");
        HttpResponse<String> who = send("GET", "/api/session", cookieOf(login), null, List.of());
        assertThat(JSON.readTree(who.body()).get("user").asText()).isEqualTo("operator");
        assertThat(send("GET", "/api/schedules", cookieOf(login), null, List.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aCookieAuthenticatedChangeWithoutTheConsoleHeaderIsRefusedWith403() throws Exception {
        String cookie = cookieOf(logIn("operator", ApiTestApp.OPERATOR_PASSWORD));
        assertThat(send("POST", "/api/schedules/alpha/pause", cookie, "", List.of()).statusCode()).isEqualTo(403);
        assertThat(state("alpha")).isEqualTo("NORMAL");
        assertThat(send("POST", "/api/schedules/alpha/pause", cookie, "", List.of(CONSOLE, "1")).statusCode())
                .isEqualTo(200);
        assertThat(state("alpha")).isEqualTo("PAUSED");
    }

    @Test
    void aCookieAuthenticatedChangeFromAnotherOriginIsRefusedWith403() throws Exception {
        String cookie = cookieOf(logIn("operator", ApiTestApp.OPERATOR_PASSWORD));
        HttpResponse<String> response = send("POST", "/api/schedules/alpha/pause", cookie, "",
                List.of(CONSOLE, "1", "Origin", "https://evil.example"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(state("alpha")).isEqualTo("NORMAL");
    }

    @Test
    void aSessionKeepsItsUsersRole() throws Exception {
        String cookie = cookieOf(logIn("viewer", ApiTestApp.VIEWER_PASSWORD));
        assertThat(send("POST", "/api/schedules/alpha/pause", cookie, "", List.of(CONSOLE, "1")).statusCode())
                .isEqualTo(403);
        assertThat(state("alpha")).isEqualTo("NORMAL");
    }

    @Test
    void aWrongPasswordGets401WithoutABasicChallenge() throws Exception {
        HttpResponse<String> login = logIn("admin", "guess");
        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(login.headers().firstValue("WWW-Authenticate")).contains("GuardianSession");
    }

    @Test
    void theLoginFormAndHttpBasicShareOneThrottle() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(logIn("intruder", "guess" + i).statusCode()).isEqualTo(401);
        }
        assertThat(logIn("intruder", "guess").statusCode()).isEqualTo(429);
        assertThat(new ApiClient(APP).request(null, "/api/schedules")
                .header("Authorization", ApiClient.basic("mallory", "guess")).get().getStatus()).isEqualTo(429);
    }

    @Test
    void aLoginWithoutTheConsoleHeaderIsRefused() throws Exception {
        assertThat(send("POST", "/api/session", null, body("admin", ApiTestApp.ADMIN_PASSWORD), List.of()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void afterLogoutTheCookieNoLongerAuthenticates() throws Exception {
        String cookie = cookieOf(logIn("viewer", ApiTestApp.VIEWER_PASSWORD));
        assertThat(send("DELETE", "/api/session", cookie, null, List.of(CONSOLE, "1")).statusCode()).isEqualTo(204);
        HttpResponse<String> after = send("GET", "/api/schedules", cookie, null, List.of(CONSOLE, "1"));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("GuardianSession");
    }

    @Test
    void withoutCookieOrPasswordTheConsoleGets401WithoutABasicChallengeAndCurlGetsOne() throws Exception {
        HttpResponse<String> console = send("GET", "/api/schedules", null, null, List.of(CONSOLE, "1"));
        assertThat(console.statusCode()).isEqualTo(401);
        assertThat(console.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("GuardianSession");
        HttpResponse<String> curl = send("GET", "/api/schedules", null, null, List.of());
        assertThat(curl.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=");
    }

    @Test
    void basicAuthStillWorksForEveryRouteTheConsoleAdds() {
        ApiClient api = new ApiClient(APP);
        assertThat(api.get("viewer", "/api/session").readEntity(JsonNode.class).get("role").asText()).isEqualTo("viewer");
        assertThat(api.get("viewer", "/api/console/latest-runs").getStatus()).isEqualTo(200);
        assertThat(api.post("viewer", "/api/cron/preview", "{\"cron\": \"@daily\"}").getStatus()).isEqualTo(200);
    }

    @Test
    void thePreviewDescribesACronAndListsItsNextTenFireTimesInItsZone() {
        JsonNode preview = new ApiClient(APP).post("viewer", "/api/cron/preview",
                "{\"cron\": \"0 9 * * 1-5\", \"timezone\": \"America/New_York\"}").readEntity(JsonNode.class);
        assertThat(preview.get("description").asText()).containsIgnoringCase("09:00");
        assertThat(preview.get("next")).hasSize(10);
        assertThat(preview.get("next").get(0).asText()).contains("T09:00:00-0");
    }

    @Test
    void thePreviewTakesQuartzCronAndTheScheduleFieldNameTimeZone() {
        JsonNode preview = new ApiClient(APP).post("viewer", "/api/cron/preview",
                "{\"cron\": \"0 30 2 ? * SUN\", \"timeZone\": \"Asia/Tokyo\"}").readEntity(JsonNode.class);
        assertThat(preview.get("next").get(0).asText()).endsWith("T02:30:00+09:00");
    }

    @Test
    void aBadCronGets400NamingTheField() {
        jakarta.ws.rs.core.Response response = new ApiClient(APP).post("viewer", "/api/cron/preview",
                "{\"cron\": \"0 25 * * *\", \"timezone\": \"UTC\"}");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(JsonNode.class).get("errors").get(0).asText()).startsWith("cron: invalid hour field");
    }

    @Test
    void aBadZoneGets400NamingTheField() {
        jakarta.ws.rs.core.Response response = new ApiClient(APP).post("viewer", "/api/cron/preview",
                "{\"cron\": \"@daily\", \"timezone\": \"Nowhere/City\"}");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(JsonNode.class).get("errors").get(0).asText()).startsWith("timezone:");
    }

    @Test
    void thePreviewNeedsAUser() {
        assertThat(new ApiClient(APP).post(null, "/api/cron/preview", "{\"cron\": \"@daily\"}").getStatus())
                .isEqualTo(401);
    }

    @Test
    void theConsoleIsServedFromTheJarAndTheRootRedirectsToIt() throws Exception {
        HttpResponse<String> root = send("GET", "/", null, null, List.of());
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/console/");
        HttpResponse<String> page = send("GET", "/console/", null, null, List.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Guardian Orchestrator").contains("/console/js/app.js");
        assertThat(send("GET", "/webjars/echarts/5.3.1/dist/echarts.min.js", null, null, List.of()).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/console/vendor/cytoscape.min.js", null, null, List.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsoleFilesAreRevalidatedOnEveryUseSoAnUpgradeIsSeenAtOnce() throws Exception {
        for (String path : List.of("/console/", "/console/js/app.js", "/webjars/echarts/5.3.1/dist/echarts.min.js")) {
            HttpResponse<String> first = send("GET", path, null, null, List.of());
            assertThat(first.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(send("GET", path, null, null, List.of("If-None-Match", etag)).statusCode()).as(path)
                    .isEqualTo(304);
        }
    }

    private String state(String schedule) {
        return new ApiClient(APP).get("viewer", "/api/schedules/" + schedule).readEntity(JsonNode.class)
                .get("state").asText();
    }

    private HttpResponse<String> logIn(String user, String password) throws IOException, InterruptedException {
        return send("POST", "/api/session", null, body(user, password), List.of(CONSOLE, "1"));
    }

    private static String body(String user, String password) {
        return "{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}";
    }

    private static String cookieOf(HttpResponse<String> login) {
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private HttpResponse<String> send(String method, String path, String cookie, String body, List<String> headers)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(headers);
        if (cookie != null) {
            all.addAll(List.of("Cookie", cookie));
        }
        if (body != null) {
            all.addAll(List.of("Content-Type", "application/json"));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!all.isEmpty()) {
            request.headers(all.toArray(String[]::new));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
