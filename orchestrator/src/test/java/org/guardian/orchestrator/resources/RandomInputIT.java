package org.guardian.orchestrator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.ApiTestApp;
import org.guardian.orchestrator.testing.Gens;
import org.guardian.orchestrator.testing.RandomJson;
import org.guardian.orchestrator.testing.RandomScheduleBodies;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.Gens.oneOf;

/**
 * Random input of any shape against a whole node: never a 5xx, and a refused write leaves the
 * table, the audit and Quartz exactly as they were. An accepted write is undone at once, so every
 * try starts from the same two schedules (beta depends on alpha).
 * <p>
 * Each property prints its seed before it starts ("seed N"), and QuickTheories repeats it in a
 * failure ("Seed was N"). To replay that run: {@code mvn -B verify -pl orchestrator -am
 * -Dit.test='RandomInputIT#<property>' -DQT_SEED=N -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RandomInputIT {
    private static final DropwizardAppExtension<OrchestratorConfiguration> APP = ApiTestApp.node("random-input-node");
    /** Shrinking re-sends the request each cycle: this bounds it to some seconds. */
    private static final int SHRINK_CYCLES = 200;
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
        @Override
        public String toString() {
            return method + " " + path + (ifMatch == null ? "" : " If-Match: " + ifMatch) + " " + Gens.readable(body);
        }
    }

    /** The snapshots' session, kept for the class: a new session per read took most of each try's time. */
    private static Connection db;

    @BeforeAll
    static void startNode() throws Exception {
        StoredSchedules.reset();
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("beta", "alpha");
        APP.before();
        db = TestDatabase.get().dataSource().getConnection();
    }

    @AfterAll
    static void stopNode() throws SQLException {
        APP.after();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aRandomScheduleWriteGetsNo5xxAndARefusalChangesNothing(TestInfo test) {
        property(test, 1500).forAll(writes()).checkAssert(write -> {
            String before = StoredSchedules.bothSnapshots(db);

            HttpResponse<String> response = send(write.method(), write.path(), "admin", write.body(), write.ifMatch());

            assertThat(response.statusCode()).as(response.body()).isBetween(200, 499);
            if (response.statusCode() >= 300) {
                assertThat(StoredSchedules.bothSnapshots(db)).isEqualTo(before);
            } else {
                undo(write, response);
            }
        });
    }

    @Test
    void aRandomQueryStringGetsNo5xx(TestInfo test) {
        property(test, 1000).forAll(queries()).checkAssert(pathAndQuery -> {
            HttpResponse<String> response = send("GET", pathAndQuery, "viewer", null, null);

            assertThat(response.statusCode()).as(response.body()).isBetween(200, 499);
        });
    }

    @Test
    void randomCredentialsGetNo5xx(TestInfo test) {
        property(test, 100).forAll(passwords()).checkAssert(password -> {
            HttpRequest request = HttpRequest.newBuilder(uri("/api/schedules"))
                    .header("Authorization", ApiClient.basic("operator", password)).timeout(Duration.ofSeconds(10))
                    .build();

            assertThat(exchange(request).statusCode()).isIn(401, 429);
        });
    }

    /** QT_SEED if given (a replay), else a new seed; printed first, so that even a run that timed out can be replayed. */
    private static QuickTheory property(TestInfo test, int examples) {
        long seed = Long.getLong("QT_SEED", System.nanoTime());
        System.out.printf("RandomInputIT.%s: seed %d%n", test.getTestMethod().orElseThrow().getName(), seed);
        return QuickTheory.qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
    }

    private static Gen<Write> writes() {
        Gen<String> ifMatch = oneOf(Generate.constant((String) null),
                Gens.pick("\"1\"", "*", "W/\"2\"", "abc", "\"99999999999999999999\"", ""));
        return Gens.pick("POST", "PUT").zip(RandomScheduleBodies.bodies(), ifMatch,
                (method, body, match) -> method.equals("POST") ? new Write(method, "/api/schedules", body, null)
                        : new Write(method, "/api/schedules/alpha", overAlpha(body), match));
    }

    /** A PUT may not rename: a generated valid name becomes alpha's own, so that most PUTs can be accepted. */
    private static String overAlpha(String body) {
        return body.replaceFirst("\"name\": \"fz[a-z0-9_]*\"", "\"name\": \"alpha\"");
    }

    private static Gen<String> queries() {
        Gen<String> value = oneOf(RandomJson.strings(), RandomJson.scalars(),
                Gens.pick("2026-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "SUCCESS", "failed", "dot", "-1",
                        "0", "501", "9223372036854775808", "alpha"));
        Gen<String> parameter = oneOf(Generate.pick(PARAMETERS), RandomJson.strings())
                .zip(value, (k, v) -> encode(k) + "=" + encode(v));
        return Generate.pick(READ_PATHS).zip(Gens.listsOf(parameter, 0, 4),
                (path, query) -> query.isEmpty() ? path : path + "?" + String.join("&", query));
    }

    private static Gen<String> passwords() {
        return oneOf(RandomJson.strings(), Gens.strings(Gens.USED_CHARS, 70, 300), Gens.strings(Gens.ANY_CHAR, 20, 80))
                .describedAs(Gens::readable);
    }

    private static void undo(Write write, HttpResponse<String> accepted) {
        if (write.method().equals("POST")) {
            String name = nameIn(accepted.body());
            assertThat(send("DELETE", "/api/schedules/" + name, "admin", null, null).statusCode()).isEqualTo(204);
        } else {
            assertThat(send("PUT", "/api/schedules/alpha", "admin", ALPHA, null).statusCode()).isEqualTo(200);
        }
    }

    private static String nameIn(String json) {
        try {
            return JSON.readTree(json).path("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String user, String body,
                                             String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Authorization", ApiClient.basic(user, ApiTestApp.passwordOf(user)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return exchange(request.build());
    }

    /** Sends the request; an interrupt (the class's timeout) stays set, so that shrinking ends at once. */
    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + APP.getLocalPort() + pathAndQuery);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
