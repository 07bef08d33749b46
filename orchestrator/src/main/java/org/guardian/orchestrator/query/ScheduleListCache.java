package org.guardian.orchestrator.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.api.ScheduleView;
import org.guardian.orchestrator.db.ListingFingerprint;
import org.guardian.orchestrator.db.ScheduleListings;
import org.jdbi.v3.core.Jdbi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The serialized schedule list (and its gzip form), rebuilt only when it could differ: each request
 * costs one query, the {@linkplain ScheduleListings#fingerprint(long) count and listing fingerprint}, and the
 * list is rebuilt when that moved or the earliest listed next fire time has passed, re-serializing only
 * the schedules that changed. Never stale: the fingerprint is read before the list, so any change
 * committed before a request moves the fingerprint that request reads.
 */
public final class ScheduleListCache {
    /** The JSON body, the same gzip-compressed, and its entity tag. */
    public record Listing(byte[] json, byte[] gzippedJson, String etag) {
    }

    /** The number of schedules, and their listing when there are at most the limit asked for (else null). */
    public record Snapshot(long count, Listing listing) {
    }

    private record Entry(String fingerprint, Instant validUntil, Listing listing) {
    }

    private final ScheduleListings schedules;
    private final ScheduleViews views;
    private final ObjectMapper mapper;
    private final Clock clock;
    private volatile Entry entry;
    /** Each schedule's JSON by its representation (records compare by value): only changed ones are serialized again. */
    private Map<ScheduleView, byte[]> elements = Map.of();

    public ScheduleListCache(Jdbi jdbi, ScheduleViews views, ObjectMapper mapper, Clock clock) {
        this.schedules = new ScheduleListings(jdbi);
        this.views = views;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The listing, unless there are more than {@code max} schedules (then only their count). */
    public Snapshot current(long max) {
        ListingFingerprint read = schedules.fingerprint(max);
        if (read.fingerprint() == null) {
            return new Snapshot(read.count(), null);
        }
        return new Snapshot(read.count(), listing(read.fingerprint()));
    }

    private Listing listing(String fingerprint) {
        Entry hit = fresh(entry, fingerprint);
        if (hit != null) {
            return hit.listing();
        }
        synchronized (this) {
            // Another request may have rebuilt it while this one waited.
            hit = fresh(entry, fingerprint);
            if (hit != null) {
                return hit.listing();
            }
            Entry rebuilt = build(fingerprint);
            entry = rebuilt;
            return rebuilt.listing();
        }
    }

    private Entry fresh(Entry candidate, String fingerprint) {
        return candidate != null && candidate.fingerprint().equals(fingerprint)
                && clock.instant().isBefore(candidate.validUntil()) ? candidate : null;
    }

    private Entry build(String fingerprint) {
        List<ScheduleView> all = views.all();
        Instant validUntil = Instant.MAX;
        for (ScheduleView view : all) {
            if (!view.nextFireTimes().isEmpty() && view.nextFireTimes().get(0).isBefore(validUntil)) {
                validUntil = view.nextFireTimes().get(0);
            }
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream(entry == null ? 1024 : entry.listing().json().length);
        Map<ScheduleView, byte[]> serialized = new HashMap<>();
        json.write('[');
        for (ScheduleView view : all) {
            if (json.size() > 1) {
                json.write(',');
            }
            byte[] element = elements.get(view);
            if (element == null) {
                element = serialize(view);
            }
            serialized.put(view, element);
            json.writeBytes(element);
        }
        json.write(']');
        elements = serialized;
        byte[] bytes = json.toByteArray();
        return new Entry(fingerprint, validUntil, new Listing(bytes, gzip(bytes), etag(bytes)));
    }

    private byte[] serialize(ScheduleView view) {
        try {
            return mapper.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize schedule " + view.name(), e);
        }
    }

    private static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 16 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
