package org.guardian.jobs;

import java.util.List;

/**
 * One maintenance operation: a plain class that does one job against the Guardian database.
 *
 * <p>Implementations are stateless and thread-safe; the orchestrator calls {@link #execute} once
 * per attempt, on a worker thread, and may cancel it (see {@link OperationContext#isCancelled()}).
 * They are discovered through {@link java.util.ServiceLoader} (see {@link OperationRegistry}).
 */
public interface Operation {

    /** The registry key, e.g. {@code process_cache_invalidation_queue}. */
    String name();

    /** One sentence for operators. */
    String description();

    /** The configuration keys this operation accepts; any other key is refused. */
    default List<ConfigKey> configKeys() {
        return List.of();
    }

    /** Diagnostic operations exist for tests and demos and are registered only on request. */
    default boolean diagnostic() {
        return false;
    }

    /**
     * Runs one attempt.
     *
     * @return a small result stored with the run (counts, names)
     * @throws Exception any failure; the attempt is then recorded FAILED with its message
     */
    OperationResult execute(OperationContext context) throws Exception;
}
