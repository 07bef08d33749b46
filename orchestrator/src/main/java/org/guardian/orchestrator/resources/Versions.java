package org.guardian.orchestrator.resources;

import org.guardian.orchestrator.core.RefusedException;

import java.util.List;
import java.util.OptionalLong;

/** Reads the version a client sends in {@code If-Match}: {@code 3}, {@code "3"} or {@code W/"3"}. */
final class Versions {
    private Versions() {
    }

    static OptionalLong fromIfMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String text = header.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw RefusedException.invalid(List.of("If-Match: must be a schedule version, e.g. \"3\""));
        }
    }
}
