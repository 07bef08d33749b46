package org.guardian.orchestrator.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.guardian.orchestrator.OrchestratorConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The configured application pool is large enough for the worker threads ({@link PoolSizing}). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PoolServesThreads.Validator.class)
public @interface PoolServesThreads {
    String message() default "ORCH_DB_POOL_SIZE is too small for ORCH_THREADS";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link PoolSizing#refusal} and reports its message. */
    final class Validator implements ConstraintValidator<PoolServesThreads, OrchestratorConfiguration> {
        @Override
        public boolean isValid(OrchestratorConfiguration config, ConstraintValidatorContext context) {
            if (config.getDatabase() == null || config.getScheduler() == null) {
                return true;
            }
            String refusal = PoolSizing.refusal(config.getDatabase().getPoolSize(), config.getScheduler().getThreads());
            if (refusal == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(refusal).addConstraintViolation();
            return false;
        }
    }
}
