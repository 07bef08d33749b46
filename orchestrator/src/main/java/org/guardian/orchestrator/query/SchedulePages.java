package org.guardian.orchestrator.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.guardian.orchestrator.api.SchedulePage;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.ScheduleState;
import org.guardian.orchestrator.db.ScheduleListings;
import org.guardian.orchestrator.db.ScheduleMapper;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pages of schedules as the JSON of a {@link SchedulePage}, read from the table on every request.
 * Each schedule's JSON is kept while it holds: the same version of its row, the same running and
 * paused, until its first next fire time. A kept schedule's row is neither mapped nor shown nor
 * serialized again: at 100,000 schedules that was most of a page's CPU.
 */
public final class SchedulePages {
    /** The most kept, in bytes: about 700 of JSON a schedule and 200 more, so some 140,000 schedules. */
    private static final long MOST_KEPT = 128L << 20;
    private static final int ENTRY_OVERHEAD = 200;
    private static final int WARM_UP_PAGE = 500;
    private static final ScheduleFilter EVERY = ScheduleFilter.of(null, null);
    private static final byte[] OPEN = "{\"schedules\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = "],\"nextCursor\":".getBytes(StandardCharsets.US_ASCII);

    /** A schedule's JSON, and what it was rendered from. */
    private record Rendered(String rowVersion, boolean running, boolean clusterPaused, Instant validUntil,
                            ScheduleState state, byte[] json) {
        boolean holdsFor(String version, boolean nowRunning, boolean nowPaused, Instant now) {
            return rowVersion.equals(version) && running == nowRunning && clusterPaused == nowPaused
                    && now.isBefore(validUntil);
        }
    }

    private record Page(byte[] json, String nextCursor) {
    }

    /** A listed row: its kept JSON when that holds, else the schedule read from it. */
    private record Row(String name, String rowVersion, boolean running, boolean clusterPaused, Rendered kept,
                       Schedule schedule) {
    }

    private final ScheduleListings listings;
    private final ScheduleViews views;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ScheduleMapper schedules = new ScheduleMapper();
    private final Cache<String, Rendered> kept;

    public SchedulePages(Jdbi jdbi, ScheduleViews views, ObjectMapper mapper, Clock clock) {
        this.listings = new ScheduleListings(jdbi);
        this.views = views;
        this.mapper = mapper;
        this.clock = clock;
        this.kept = Caffeine.newBuilder()
                .maximumWeight(Math.min(MOST_KEPT, Runtime.getRuntime().maxMemory() / 4))
                .<String, Rendered>weigher((name, rendered) -> rendered.json().length + ENTRY_OVERHEAD)
                .executor(Runnable::run)
                .build();
        views.afterWarmUp(this::renderEverySchedule);
    }

    /**
     * Walks every page once, so that the first pages asked for find their schedules' JSON kept;
     * sleeps as long as it worked after each page, like the crons' warm-up.
     */
    private void renderEverySchedule() {
        String cursor = null;
        do {
            long busySince = System.nanoTime();
            cursor = read(EVERY, cursor, WARM_UP_PAGE).nextCursor();
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - busySince));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (cursor != null);
    }

    /**
     * The page after schedule {@code cursor} (null: the first) of those {@code filter} picks, in
     * bytewise name order; a page may hold fewer than {@code limit} when a row's state moved meanwhile.
     */
    public byte[] page(ScheduleFilter filter, String cursor, int limit) {
        views.warmUp();
        return read(filter, cursor, limit).json();
    }

    private Page read(ScheduleFilter filter, String cursor, int limit) {
        Instant now = clock.instant();
        List<Row> rows = listings.page(cursor == null ? "" : cursor, filter.fromName(), filter.untilName(),
                filter.stateSql(), limit + 1, (rs, ctx) -> row(rs, ctx, now));
        String next = rows.size() > limit ? rows.get(limit - 1).name() : null;
        ByteArrayOutputStream json = new ByteArrayOutputStream(1024 * Math.min(limit, rows.size()) + 64);
        json.writeBytes(OPEN);
        boolean first = true;
        for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
            Rendered rendered = row.kept() != null ? row.kept() : render(row, now);
            if (filter.state() == null || rendered.state() == filter.state()) {
                if (!first) {
                    json.write(',');
                }
                json.writeBytes(rendered.json());
                first = false;
            }
        }
        json.writeBytes(NEXT);
        json.writeBytes(serialize(next, "the cursor"));
        json.write('}');
        return new Page(json.toByteArray(), next);
    }

    private Row row(ResultSet rs, StatementContext ctx, Instant now) throws SQLException {
        String name = rs.getString("operation_name");
        String version = rs.getString("row_version");
        boolean running = rs.getBoolean("running");
        boolean paused = rs.getBoolean("cluster_paused");
        Rendered rendered = kept.getIfPresent(name);
        if (rendered != null && rendered.holdsFor(version, running, paused, now)) {
            return new Row(name, version, running, paused, rendered, null);
        }
        return new Row(name, version, running, paused, null, schedules.map(rs, ctx));
    }

    /** How many schedules' JSON is kept now. */
    long keptCount() {
        kept.cleanUp();
        return kept.estimatedSize();
    }

    private Rendered render(Row row, Instant now) {
        ScheduleView view = views.view(row.schedule(), row.running(), row.clusterPaused(), now);
        Instant validUntil = view.nextFireTimes().isEmpty() ? Instant.MAX : view.nextFireTimes().get(0);
        Rendered rendered = new Rendered(row.rowVersion(), row.running(), row.clusterPaused(), validUntil,
                view.state(), serialize(view, "schedule " + view.name()));
        kept.put(row.name(), rendered);
        return rendered;
    }

    private byte[] serialize(Object value, String what) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize " + what, e);
        }
    }
}
