package org.guardian.orchestrator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import org.guardian.orchestrator.api.SchedulePage;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.guardian.orchestrator.testing.OffsetClock;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page keeps each schedule's JSON between requests, and shows at once whatever moved since: an edit
 * by SQL, an attempt that starts, the cluster's pause, a fire time gone by. Kept or not, the page is
 * the JSON of the {@link SchedulePage} its views make.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SchedulePagesIT {
    private static final ScheduleFilter EVERY = ScheduleFilter.of(null, null);

    private final TestDatabase db = TestDatabase.get();
    private final ObjectMapper json = Jackson.newObjectMapper();
    private final OffsetClock clock = OffsetClock.fromNow();
    private ScheduleViews views;
    private SchedulePages pages;

    @BeforeEach
    void schedules() {
        db.resetOrchestrator();
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'p' || i, 'noop', '0 ' || i || ' * * *' FROM generate_series(1, 5) i");
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " VALUES ('p_minutely', 'noop', '* * * * *')");
        Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        views = new ScheduleViews(jdbi, new ScheduleService(jdbi, null, null, clock), new CronCache(), clock);
        pages = new SchedulePages(jdbi, views, json, clock);
    }

    @Test
    void aKeptPageIsTheSameJsonAsTheViewsOfItsRows() throws IOException {
        byte[] first = pages.page(EVERY, null, 4);
        byte[] kept = pages.page(EVERY, null, 4);
        assertThat(new String(kept)).isEqualTo(new String(first));
        JsonNode page = json.readTree(kept);
        assertThat(page.get("nextCursor").asText()).isEqualTo("p4");
        assertThat(page.get("schedules").get(0)).isEqualTo(json.readTree(json.writeValueAsString(views.one("p1"))));
        assertThat(json.readTree(pages.page(EVERY, "p4", 4)).get("nextCursor").isNull()).isTrue();
    }

    @Test
    void anEditBySqlShowsOnTheNextPage() throws IOException {
        pages.page(EVERY, null, 10);
        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '30 2 * * *', max_retries = 7"
                + " WHERE operation_name = 'p2'");
        JsonNode p2 = schedule("p2");
        assertThat(p2.get("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(p2.get("maxRetries").asInt()).isEqualTo(7);
        assertThat(p2.get("cronDescription").asText()).contains("02:30");
        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'p3'");
        assertThat(json.readTree(pages.page(EVERY, null, 10)).get("schedules").findValuesAsText("name"))
                .containsExactly("p1", "p2", "p4", "p5", "p_minutely");
    }

    @Test
    void anAttemptThatStartsAndTheClusterPauseShowAsStates() throws IOException {
        pages.page(EVERY, null, 10);
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, status, node_id) VALUES ('p1', 'noop', 'MANUAL', now(), now(), 'RUNNING', 'n1')");
        assertThat(schedule("p1").get("state").asText()).isEqualTo("RUNNING");
        assertThat(schedule("p2").get("state").asText()).isEqualTo("NORMAL");
        db.execute("UPDATE orchestrator.cluster_state SET global_paused = true");
        assertThat(schedule("p2").get("state").asText()).isEqualTo("PAUSED");
        assertThat(json.readTree(pages.page(ScheduleFilter.of("running", null), null, 10)).get("schedules")
                .findValuesAsText("name")).containsExactly("p1");
        db.execute("UPDATE orchestrator.cluster_state SET global_paused = false");
        assertThat(schedule("p2").get("state").asText()).isEqualTo("NORMAL");
    }

    @Test
    void theNextFireTimesMoveOnOnceTheFirstHasPassed() throws IOException {
        JsonNode before = schedule("p_minutely").get("nextFireTimes");
        Instant first = Instant.ofEpochSecond(before.get(0).asLong());
        clock.advance(Duration.between(clock.instant(), first).plusSeconds(1)); // past the first, not the second
        JsonNode after = schedule("p_minutely").get("nextFireTimes");
        assertThat(after.get(0)).isNotEqualTo(before.get(0));
        assertThat(after.get(0)).isEqualTo(before.get(1));
        assertThat(schedule("p1").get("nextFireTimes")).hasSize(before.size());
    }

    @Test
    void theWholeListIsThePagesSchedulesInOneArrayHeldUntilTheFirstFires() throws IOException {
        Instant before = clock.instant();
        SchedulePages.Listed all = pages.all(6).orElseThrow();
        assertThat(json.readTree(all.json())).isEqualTo(json.readTree(pages.page(EVERY, null, 10)).get("schedules"));
        assertThat(all.validUntil()).as("p_minutely's next fire time").isAfter(before)
                .isBeforeOrEqualTo(before.plusSeconds(60)).isEqualTo(all.validUntil().truncatedTo(ChronoUnit.MINUTES));
        assertThat(pages.all(5)).as("more schedules than asked for").isEmpty();
    }

    @Test
    void theFirstPageStartsRenderingEveryScheduleAhead() {
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'q' || lpad(i::text, 4, '0'), 'noop', '0 3 * * *' FROM generate_series(1, 1200) i");
        pages.page(EVERY, null, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pages.keptCount()).isEqualTo(1206));
    }

    private JsonNode schedule(String name) throws IOException {
        for (JsonNode schedule : json.readTree(pages.page(EVERY, null, 10)).get("schedules")) {
            if (schedule.get("name").asText().equals(name)) {
                return schedule;
            }
        }
        throw new AssertionError("no schedule " + name + " on the page");
    }
}
