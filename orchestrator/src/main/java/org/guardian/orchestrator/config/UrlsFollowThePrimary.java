package org.guardian.orchestrator.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A multi-host database URL (orchestrator's or target's) carries {@code targetServerType=primary} ({@link DatabaseUrls#refusal}). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = UrlsFollowThePrimary.Validator.class)
public @interface UrlsFollowThePrimary {
    String message() default "a multi-host database URL needs targetServerType=primary";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the first refused URL, naming its setting. */
    final class Validator implements ConstraintValidator<UrlsFollowThePrimary, DatabaseSettings> {
        @Override
        public boolean isValid(DatabaseSettings settings, ConstraintValidatorContext context) {
            String refusal = DatabaseUrls.refusal("url (ORCH_DB_URL)", settings.getUrl());
            if (refusal == null && settings.getTarget() != null) {
                refusal = DatabaseUrls.refusal("target.url (ORCH_TARGET_DB_URL)", settings.getTarget().getUrl());
            }
            if (refusal == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(refusal).addConstraintViolation();
            return false;
        }
    }
}
