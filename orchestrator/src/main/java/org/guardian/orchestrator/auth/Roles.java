package org.guardian.orchestrator.auth;

import java.util.List;

/** The three roles, each including the ones before it: viewer &lt; operator &lt; admin. */
public final class Roles {
    /** May read everything (GET). */
    public static final String VIEWER = "viewer";
    /** May also pause, resume, reset and trigger schedules. */
    public static final String OPERATOR = "operator";
    /** May also create, update and delete schedules and pause the whole cluster. */
    public static final String ADMIN = "admin";

    private static final List<String> ORDER = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    /** True when a user holding {@code held} may act as {@code required}. */
    public static boolean includes(String held, String required) {
        int rank = ORDER.indexOf(held);
        return rank >= 0 && rank >= ORDER.indexOf(required) && ORDER.contains(required);
    }
}
