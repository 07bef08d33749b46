package org.guardian.orchestrator.core;

import java.util.List;

/** A request the orchestrator refuses, having changed nothing; the API maps the kind to a status. */
public final class RefusedException extends RuntimeException {
    /** Why. */
    public enum Kind {
        /** No such schedule or run (404). */
        NOT_FOUND,
        /** Name taken, cycle, depended on (409). */
        CONFLICT,
        /** The definition changed since the caller read it (412). */
        STALE,
        /** Fields that are wrong, each named (422). */
        INVALID,
        /** Query parameters that are wrong, each named (400). */
        MALFORMED
    }

    private final Kind kind;
    private final List<String> errors;

    private RefusedException(Kind kind, String message, List<String> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static RefusedException notFound(String message) {
        return new RefusedException(Kind.NOT_FOUND, message, List.of());
    }

    public static RefusedException conflict(String message) {
        return new RefusedException(Kind.CONFLICT, message, List.of());
    }

    public static RefusedException stale(String message) {
        return new RefusedException(Kind.STALE, message, List.of());
    }

    /** @param errors each of the form {@code field: what is wrong} */
    public static RefusedException invalid(List<String> errors) {
        return new RefusedException(Kind.INVALID, String.join("; ", errors), errors);
    }

    /** @param errors each of the form {@code parameter: what is wrong} */
    public static RefusedException malformed(List<String> errors) {
        return new RefusedException(Kind.MALFORMED, String.join("; ", errors), errors);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> errors() {
        return errors;
    }
}
