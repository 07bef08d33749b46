package org.guardian.orchestrator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL JDBC URLs that may name several hosts ({@code jdbc:postgresql://a:5432,b:5432/db?...}),
 * as a site with a streaming standby and a failover manager configures them: PgJDBC tries the hosts
 * in order and, with {@code targetServerType=primary}, keeps the first that accepts writes.
 */
public final class DatabaseUrls {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]*)(/[^?]*)?(\\?.*)?");
    private static final Pattern PRIMARY = Pattern.compile("[?&]targetServerType=(primary|master)(&|$)");

    private DatabaseUrls() {
    }

    /** The host:port entries of {@code url}, in order; empty for a URL that is not PostgreSQL's. */
    public static List<String> hosts(String url) {
        Matcher matcher = URL.matcher(url == null ? "" : url);
        if (!matcher.matches() || matcher.group(1).isEmpty()) {
            return List.of();
        }
        return Arrays.stream(matcher.group(1).split(",")).map(String::trim).toList();
    }

    public static boolean isMultiHost(String url) {
        return hosts(url).size() > 1;
    }

    /** Whether PgJDBC will only keep a primary (a server that accepts writes) from the hosts of {@code url}. */
    public static boolean followsThePrimary(String url) {
        return PRIMARY.matcher(url.toLowerCase(Locale.ROOT).replace("targetservertype", "targetServerType")).find();
    }

    /**
     * Why {@code url} is refused, or null: several hosts without {@code targetServerType=primary}
     * could leave a node writing to a standby (refused, read-only) or to an old primary.
     */
    public static String refusal(String field, String url) {
        if (isMultiHost(url) && !followsThePrimary(url)) {
            return field + " names " + hosts(url).size() + " hosts but not targetServerType=primary:"
                    + " a node could stay on a read-only standby or an old primary";
        }
        return null;
    }
}
