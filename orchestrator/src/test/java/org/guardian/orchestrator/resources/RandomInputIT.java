package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.PropertyTimeout;
import org.guardian.orchestrator.testing.RandomJson;
import org.guardian.orchestrator.testing.RandomScheduleBodies;
import org.guardian.orchestrator.testing.StoredSchedules;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random input of any shape against a whole node: never a 5xx, and a refused write leaves the
 * table, the audit and Quartz exactly as they were. An accepted write is undone at once, so every
 * try starts from the same two schedules (beta depends on alpha).
 */
@AddLifecycleHook(PropertyTimeout.class)
class RandomInputIT {
    private static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("random-input-node");
    private static final String ALPHA = "{\"operation\": \"noop\", \"cron\": \"0 0 1 1 *\"}";
    private static final List<String> READ_PATHS = List.of("/api/schedules", "/api/schedules/alpha",
            "/api/schedules/alpha/runs", "/api/schedules/alpha/changes", "/api/runs", "/api/runs/1", "/api/dag",
            "/api/scheduler", "/api/operations");
    private static final List<String> PARAMETERS = List.of("limit", "cursor", "since", "status", "schedule",
            "format", "force");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A write an admin sends: POST a new schedule, or PUT over alpha. */
    record Write(String method, String path, String body, String ifMatch) {
    }

    @BeforeContainer
    static void startNode() throws Exception {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("beta", "alpha");
        APP.before();
    }

    @AfterContainer
    static void stopNode() {
        APP.after();
    }

    @Property(tries = 1500)
    void aRandomScheduleWriteGetsNo5xxAndARefusalChangesNothing(@ForAll("writes") Write write) throws Exception {
        String table = StoredSchedules.snapshot();
        String quartz = StoredSchedules.quartzSnapshot();

        HttpResponse<String> response = send(write.method(), write.path(), "admin", write.body(), write.ifMatch());

        assertThat(response.statusCode()).as(response.body()).isBetween(200, 499);
        if (response.statusCode() >= 300) {
            assertThat(StoredSchedules.snapshot()).isEqualTo(table);
            assertThat(StoredSchedules.quartzSnapshot()).isEqualTo(quartz);
        } else {
            undo(write, response);
        }
    }

    @Property(tries = 1000)
    void aRandomQueryStringGetsNo5xx(@ForAll("queries") String pathAndQuery) throws Exception {
        HttpResponse<String> response = send("GET", pathAndQuery, "viewer", null, null);

        assertThat(response.statusCode()).as(response.body()).isBetween(200, 499);
    }

    @Property(tries = 100)
    void randomCredentialsGetNo5xx(@ForAll("passwords") String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/schedules"))
                .header("Authorization", ApiClient.basic("operator", password)).timeout(Duration.ofSeconds(10)).build();

        int status = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();

        assertThat(status).isIn(401, 429);
    }

    @Provide
    Arbitrary<Write> writes() {
        Arbitrary<String> ifMatch = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.of("\"1\"", "*", "W/\"2\"", "abc", "\"99999999999999999999\"", ""));
        return Combinators.combine(Arbitraries.of("POST", "PUT"), RandomScheduleBodies.bodies(), ifMatch)
                .as((method, body, match) -> method.equals("POST") ? new Write(method, "/api/schedules", body, null)
                        : new Write(method, "/api/schedules/alpha", overAlpha(body), match));
    }

    /** A PUT may not rename: a generated valid name becomes alpha's own, so that most PUTs can be accepted. */
    private static String overAlpha(String body) {
        return body.replaceFirst("\"name\": \"fz[a-z0-9_]*\"", "\"name\": \"alpha\"");
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> value = Arbitraries.oneOf(RandomJson.strings(), RandomJson.scalars(),
                Arbitraries.of("2026-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "SUCCESS", "failed", "dot", "-1",
                        "0", "501", "9223372036854775808", "alpha"));
        Arbitrary<String> parameter = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(PARAMETERS), RandomJson.strings()), value)
                .as((k, v) -> encode(k) + "=" + encode(v));
        return Combinators.combine(Arbitraries.of(READ_PATHS), parameter.list().ofMaxSize(4))
                .as((path, query) -> query.isEmpty() ? path : path + "?" + String.join("&", query));
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.oneOf(RandomJson.strings(), Arbitraries.strings().ofMinLength(70).ofMaxLength(300),
                Arbitraries.strings().all().ofMinLength(20).ofMaxLength(80));
    }

    private static void undo(Write write, HttpResponse<String> accepted) throws Exception {
        if (write.method().equals("POST")) {
            String name = JSON.readTree(accepted.body()).path("name").asText();
            assertThat(send("DELETE", "/api/schedules/" + name, "admin", null, null).statusCode()).isEqualTo(204);
        } else {
            assertThat(send("PUT", "/api/schedules/alpha", "admin", ALPHA, null).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String user, String body,
                                             String ifMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Authorization", ApiClient.basic(user, ApiTestApp.passwordOf(user)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + APP.getLocalPort() + pathAndQuery);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
