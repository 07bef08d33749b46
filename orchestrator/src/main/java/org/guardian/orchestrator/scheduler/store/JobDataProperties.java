package org.guardian.orchestrator.scheduler.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A job data map stored as properties text ({@code useProperties}), read as Quartz reads it. A
 * schedule's job has no data, stored as comment lines only: that is recognised without
 * {@link Properties#load}, which allocates an 8 kB buffer per call (a fifth of what a node allocated
 * at 2,000 fires/s).
 */
final class JobDataProperties {
    private JobDataProperties() {
    }

    /** Null for no stored bytes, as Quartz's PostgreSQL delegate; an empty map for comments only. */
    static Map<?, ?> read(byte[] stored) throws IOException {
        if (stored == null || stored.length == 0) {
            return null;
        }
        if (commentsOnly(stored)) {
            return new HashMap<>();
        }
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(stored));
        return new HashMap<>(properties);
    }

    /** Whether every line is blank or a comment ('#' or '!' first after white space). */
    static boolean commentsOnly(byte[] text) {
        boolean lineStart = true;
        boolean inComment = false;
        for (byte b : text) {
            if (b == '\n' || b == '\r') {
                lineStart = true;
                inComment = false;
            } else if (inComment || (lineStart && (b == ' ' || b == '\t' || b == '\f'))) {
                continue;
            } else if (lineStart && (b == '#' || b == '!')) {
                inComment = true;
            } else {
                return false;
            }
        }
        return true;
    }
}
