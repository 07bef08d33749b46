package org.guardian.orchestrator.core;

import org.guardian.jobs.InvalidConfigException;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.guardian.orchestrator.core.cron.InvalidCronException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/** The domain checks of a definition that field annotations cannot express: cron, zone, operation, config. */
public final class ScheduleValidator {
    private final OperationRegistry registry;

    public ScheduleValidator(OperationRegistry registry) {
        this.registry = registry;
    }

    /** @throws RefusedException (INVALID) naming every wrong field */
    public void check(ScheduleDefinition definition) {
        List<String> errors = new ArrayList<>();
        boolean zoneKnown = checkZone(definition.timeZone(), errors);
        if (zoneKnown) {
            checkCron(definition, errors);
        }
        Optional<Operation> operation = registry.find(definition.operation());
        if (operation.isEmpty()) {
            errors.add("operation: unknown operation " + definition.operation());
        } else {
            checkConfig(operation.get(), definition, errors);
        }
        if (definition.dependsOn().contains(definition.name())) {
            errors.add("dependsOn: a schedule cannot depend on itself");
        }
        checkStorable(definition, errors);
        if (!errors.isEmpty()) {
            throw RefusedException.invalid(errors);
        }
    }

    private static boolean checkZone(String zone, List<String> errors) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            errors.add("timeZone: unknown time zone " + zone);
            return false;
        }
    }

    private static void checkCron(ScheduleDefinition definition, List<String> errors) {
        try {
            CronSchedule.parse(definition.cron(), definition.timeZone());
        } catch (InvalidCronException e) {
            errors.add("cron: invalid " + e.field() + " field: " + e.getMessage());
        }
    }

    /** PostgreSQL's text and jsonb cannot hold the NUL character. */
    private static void checkStorable(ScheduleDefinition definition, List<String> errors) {
        definition.config().forEach((key, value) -> {
            if (hasNul(key) || hasNul(value)) {
                errors.add("config." + key + ": must not contain the NUL character");
            }
        });
        if (hasNul(definition.operation())) {
            errors.add("operation: must not contain the NUL character");
        }
    }

    private static boolean hasNul(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().anyMatch(ScheduleValidator::hasNul);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> hasNul(e.getKey()) || hasNul(e.getValue()));
        }
        return false;
    }

    private static void checkConfig(Operation operation, ScheduleDefinition definition, List<String> errors) {
        try {
            OperationConfig.validate(operation.configKeys(), definition.config());
        } catch (InvalidConfigException e) {
            errors.addAll(e.errors());
        }
    }
}
