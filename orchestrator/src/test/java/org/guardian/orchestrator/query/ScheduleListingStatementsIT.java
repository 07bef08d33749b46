package org.guardian.orchestrator.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import org.guardian.orchestrator.api.SchedulePage;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The statements a schedule listing sends on its thread, counted by a Jdbi {@link SqlLogger}: a page costs the
 * same one or two whatever its size (no query per row), the unpaged list one, refused or not.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ScheduleListingStatementsIT {
    private static final int SCHEDULES = 300;

    private final TestDatabase db = TestDatabase.get();
    private final AtomicInteger statements = new AtomicInteger();
    private final Thread testThread = Thread.currentThread();
    private final ObjectMapper json = Jackson.newObjectMapper();
    private SchedulePages pages;
    private ScheduleListCache listing;

    @BeforeEach
    void schedules() {
        db.resetOrchestrator();
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, is_enabled,"
                + " paused) SELECT 'l' || lpad(i::text, 4, '0'), 'noop', i % 60 || ' ' || i / 60 || ' * * *', i % 3 > 0,"
                + " i % 5 = 0 FROM generate_series(1, " + SCHEDULES + ") i");
        Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin())
                .setSqlLogger(new SqlLogger() {
                    @Override
                    public void logBeforeExecution(StatementContext context) {
                        if (Thread.currentThread() == testThread) { // not the listings' cron warm-up
                            statements.incrementAndGet();
                        }
                    }
                });
        Clock clock = Clock.systemUTC();
        ScheduleViews views = new ScheduleViews(jdbi, new ScheduleService(jdbi, null, null, clock), new CronCache(), clock);
        pages = new SchedulePages(jdbi, views, json, clock);
        listing = new ScheduleListCache(jdbi, pages, clock);
    }

    @Test
    void aPageCostsTheSameStatementsWhateverItsSize() {
        int one = statementsOf(() -> assertThat(page(ScheduleFilter.of(null, null), null, 1).schedules()).hasSize(1));
        int all = statementsOf(() -> assertThat(page(ScheduleFilter.of(null, null), null, SCHEDULES).schedules())
                .hasSize(SCHEDULES));
        int filtered = statementsOf(() -> assertThat(page(ScheduleFilter.of("paused", "l0"), "l0001", 200)
                .schedules()).isNotEmpty());
        int kept = statementsOf(() -> assertThat(page(ScheduleFilter.of(null, null), null, SCHEDULES).schedules())
                .hasSize(SCHEDULES));
        assertThat(one).as("statements of a first page: its keys, then the rows not rendered yet").isEqualTo(2);
        assertThat(List.of(all, filtered)).as("the same, or one once the warm-up rendered them all")
                .allSatisfy(n -> assertThat(n).isBetween(1, 2));
        assertThat(kept).as("statements of a page whose schedules' JSON was kept").isEqualTo(1);
    }

    @Test
    void aPageShowsWhatRunsAndTheClusterPauseAsItsStates() {
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, status, node_id) VALUES ('l0001', 'noop', 'MANUAL', now(), now(), 'RUNNING', 'n1')");
        assertThat(names(page(ScheduleFilter.of("running", null), null, SCHEDULES))).containsExactly("l0001");
        assertThat(names(page(ScheduleFilter.of("normal", "l000"), null, SCHEDULES))).containsExactly("l0002", "l0004", "l0007", "l0008");

        db.execute("UPDATE orchestrator.cluster_state SET global_paused = true");
        assertThat(names(page(ScheduleFilter.of("normal", null), null, SCHEDULES))).isEmpty();
        assertThat(page(ScheduleFilter.of(null, "l000"), null, 3).schedules())
                .extracting(ScheduleView::name, ScheduleView::state)
                .containsExactly(tuple("l0001", ScheduleState.RUNNING), tuple("l0002", ScheduleState.PAUSED),
                        tuple("l0003", ScheduleState.DISABLED));
    }

    private static List<String> names(SchedulePage page) {
        return page.schedules().stream().map(ScheduleView::name).toList();
    }

    private SchedulePage page(ScheduleFilter filter, String cursor, int limit) {
        try {
            return json.readValue(pages.page(filter, cursor, limit), SchedulePage.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theUnpagedListIsOneStatementAndAboveItsLimitOneStatementRefuses() {
        statementsOf(() -> assertThat(listing.current(SCHEDULES).listing()).isNotNull());
        assertThat(statementsOf(() -> assertThat(listing.current(SCHEDULES).count()).isEqualTo(SCHEDULES)))
                .as("statements of a listing served from the cache").isEqualTo(1);
        assertThat(statementsOf(() -> {
            ScheduleListCache.Snapshot refused = listing.current(SCHEDULES - 1);
            assertThat(refused.listing()).isNull();
            assertThat(refused.count()).isEqualTo(SCHEDULES);
        })).as("statements of a refusal").isEqualTo(1);
    }

    private int statementsOf(Runnable call) {
        int before = statements.get();
        call.run();
        return statements.get() - before;
    }
}
