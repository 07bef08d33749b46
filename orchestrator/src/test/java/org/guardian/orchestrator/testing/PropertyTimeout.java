package org.guardian.orchestrator.testing;

import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The overall timeout of a jqwik property (JUnit's {@code @Timeout} does not reach jqwik): once a
 * property has run for {@link #LIMIT}, its next try fails. Add with {@code @AddLifecycleHook}.
 */
public final class PropertyTimeout implements AroundTryHook {
    public static final Duration LIMIT = Duration.ofMinutes(3);

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        Instant deadline = Store.getOrCreate(PropertyTimeout.class, Lifespan.PROPERTY,
                () -> Instant.now().plus(LIMIT)).get();
        if (Instant.now().isAfter(deadline)) {
            return TryExecutionResult.falsified(new AssertionError("property timed out after " + LIMIT));
        }
        return aTry.execute(parameters);
    }
}
