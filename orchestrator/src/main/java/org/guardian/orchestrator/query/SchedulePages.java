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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pages of schedules as the JSON of a {@link SchedulePage}, read from the table on every request.
 * Each schedule's JSON is kept while it holds: the same version of its row, the same running and
 * paused, until its first next fire time. A page reads its schedules' keys; only those whose kept
 * JSON does not hold are read in full, mapped, shown and serialized, in a second statement. At
 * 100,000 schedules that was most of a page's CPU, in the node and in PostgreSQL.
 */
public final class SchedulePages {
    /** The most kept, in bytes: about 700 of JSON a schedule and 200 more, so some 140,000 schedules. */
    private static final long MOST_KEPT = 128L << 20;
    private static final int ENTRY_OVERHEAD = 200;
    private static final int WARM_UP_PAGE = 500;
    private static final ScheduleFilter EVERY = ScheduleFilter.of(null, null);
    private static final byte[] OPEN = "{\"schedules\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = ",\"nextCursor\":".getBytes(StandardCharsets.US_ASCII);

    /** A schedule's JSON, and what it was rendered from. */
    private record Rendered(Key key, Instant validUntil, ScheduleState state, byte[] json) {
        boolean holdsFor(Key now, Instant at) {
            return key.equals(now) && at.isBefore(validUntil);
        }
    }

    /** The schedules of a page still there and in the state asked for, in name order. */
    private record Page(List<Rendered> schedules, String nextCursor) {
    }

    /** Every schedule as a JSON array, in bytewise name order, and when the first of them fires (the array holds until then). */
    public record Listed(byte[] json, Instant validUntil) {
    }

    /** What a page lists of a schedule: enough to tell whether its kept JSON holds. */
    private record Key(String name, String rowVersion, boolean running, boolean clusterPaused) {
    }

    /** A schedule read in full, with its key from the same statement. */
    private record FullRow(Key key, Schedule schedule) {
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
        views.afterWarmUp("every schedule's JSON rendered", this::renderEverySchedule);
    }

    /**
     * Walks every page once, so that the first pages asked for find their schedules' JSON kept;
     * paced after each page, like the crons' warm-up.
     */
    private void renderEverySchedule() {
        BackgroundPacing pacing = BackgroundPacing.onThisThread();
        String cursor = null;
        do {
            cursor = read(EVERY, cursor, WARM_UP_PAGE).nextCursor();
            try {
                pacing.chunkDone();
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
        Page page = read(filter, cursor, limit);
        ByteArrayOutputStream json = new ByteArrayOutputStream(1024 * page.schedules().size() + 64);
        json.writeBytes(OPEN);
        writeArray(json, page.schedules());
        json.writeBytes(NEXT);
        json.writeBytes(serialize(page.nextCursor(), "the cursor"));
        json.write('}');
        return json.toByteArray();
    }

    /** Every schedule, when there are at most {@code max} (else empty), from the same kept JSON as pages. */
    public Optional<Listed> all(int max) {
        views.warmUp();
        Page page = read(EVERY, null, max);
        if (page.nextCursor() != null) {
            return Optional.empty();
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream(1024 * page.schedules().size() + 2);
        writeArray(json, page.schedules());
        Instant validUntil = page.schedules().stream().map(Rendered::validUntil).min(Instant::compareTo).orElse(Instant.MAX);
        return Optional.of(new Listed(json.toByteArray(), validUntil));
    }

    /** Keys first; the full rows only of schedules whose kept JSON does not hold (none, most of the time). */
    private Page read(ScheduleFilter filter, String cursor, int limit) {
        Instant now = clock.instant();
        List<Key> keys = listings.page(cursor == null ? "" : cursor, filter.fromName(), filter.untilName(),
                filter.stateSql(), limit + 1, SchedulePages::key);
        String next = keys.size() > limit ? keys.get(limit - 1).name() : null;
        List<Key> shown = keys.subList(0, Math.min(limit, keys.size()));
        Map<String, Rendered> renderings = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (Key key : shown) {
            Rendered rendered = kept.getIfPresent(key.name());
            if (rendered != null && rendered.holdsFor(key, now)) {
                renderings.put(key.name(), rendered);
            } else {
                missing.add(key.name());
            }
        }
        if (!missing.isEmpty()) {
            listings.named(missing, this::fullRow).forEach(row -> renderings.put(row.key().name(), render(row, now)));
        }
        List<Rendered> listed = new ArrayList<>(shown.size());
        for (Key key : shown) {
            Rendered rendered = renderings.get(key.name());
            if (rendered != null && (filter.state() == null || rendered.state() == filter.state())) {
                listed.add(rendered);
            }
        }
        return new Page(listed, next);
    }

    /** The schedules' kept JSON as one JSON array. */
    private static void writeArray(ByteArrayOutputStream json, List<Rendered> schedules) {
        json.write('[');
        for (int i = 0; i < schedules.size(); i++) {
            if (i > 0) {
                json.write(',');
            }
            json.writeBytes(schedules.get(i).json());
        }
        json.write(']');
    }

    private static Key key(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Key(rs.getString("operation_name"), rs.getString("row_version"), rs.getBoolean("running"),
                rs.getBoolean("cluster_paused"));
    }

    private FullRow fullRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FullRow(key(rs, ctx), schedules.map(rs, ctx));
    }

    /** How many schedules' JSON is kept now. */
    long keptCount() {
        kept.cleanUp();
        return kept.estimatedSize();
    }

    /** Renders the schedule's JSON at {@code now}, and keeps it. */
    private Rendered render(FullRow row, Instant now) {
        ScheduleView view = views.view(row.schedule(), row.key().running(), row.key().clusterPaused(), now);
        Instant validUntil = view.nextFireTimes().isEmpty() ? Instant.MAX : view.nextFireTimes().get(0);
        Rendered rendered = new Rendered(row.key(), validUntil, view.state(), serialize(view, "schedule " + view.name()));
        kept.put(row.key().name(), rendered);
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
