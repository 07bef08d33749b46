package org.guardian.orchestrator.testing.pg;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a test class or method needs of the database server. Where the provider cannot
 * give it, JUnit skips the test with the reason (reported as skipped, never passed).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServerNeedsCondition.class)
public @interface NeedsServer {
    ServerNeed[] value();
}
