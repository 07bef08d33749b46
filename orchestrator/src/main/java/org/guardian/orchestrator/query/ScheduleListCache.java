package org.guardian.orchestrator.query;

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
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The serialized schedule list (and its gzip form), rebuilt only when it could differ: each request
 * costs one query, the {@linkplain ScheduleListings#fingerprint(long) count and listing fingerprint}, and the
 * list is rebuilt when that moved or the earliest listed next fire time has passed, from the schedules'
 * JSON {@link SchedulePages} keeps. Never stale: the fingerprint is read before the list, so any change
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
    private final SchedulePages pages;
    private final Clock clock;
    private volatile Entry entry;

    public ScheduleListCache(Jdbi jdbi, SchedulePages pages, Clock clock) {
        this.schedules = new ScheduleListings(jdbi);
        this.pages = pages;
        this.clock = clock;
    }

    /** The listing, unless there are more than {@code max} schedules (then only their count). */
    public Snapshot current(int max) {
        ListingFingerprint read = schedules.fingerprint(max);
        if (read.fingerprint() == null) {
            return new Snapshot(read.count(), null);
        }
        Entry listed = listing(read.fingerprint(), max);
        return new Snapshot(read.count(), listed == null ? null : listed.listing());
    }

    private Entry listing(String fingerprint, int max) {
        Entry hit = fresh(entry, fingerprint);
        if (hit != null) {
            return hit;
        }
        synchronized (this) {
            // Another request may have rebuilt it while this one waited.
            hit = fresh(entry, fingerprint);
            if (hit != null) {
                return hit;
            }
            // Schedules added since the fingerprint was read may make them more than max: none listed then.
            Entry rebuilt = pages.all(max).map(all -> new Entry(fingerprint, all.validUntil(),
                    new Listing(all.json(), gzip(all.json()), etag(all.json())))).orElse(null);
            entry = rebuilt;
            return rebuilt;
        }
    }

    private Entry fresh(Entry candidate, String fingerprint) {
        return candidate != null && candidate.fingerprint().equals(fingerprint)
                && clock.instant().isBefore(candidate.validUntil()) ? candidate : null;
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
