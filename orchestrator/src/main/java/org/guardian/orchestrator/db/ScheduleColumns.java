package org.guardian.orchestrator.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.core.ScheduleDefinition;

/** A definition in the forms the {@code maintenance_schedules} columns take (bound with {@code @BindMethods}). */
public record ScheduleColumns(ScheduleDefinition definition) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String name() {
        return definition.name();
    }

    public String operation() {
        return definition.operation();
    }

    public String cron() {
        return definition.cron();
    }

    public String timeZone() {
        return definition.timeZone();
    }

    public boolean enabled() {
        return definition.enabled();
    }

    public String[] dependsOn() {
        return definition.dependsOn().toArray(String[]::new);
    }

    public int maxDurationMinutes() {
        return definition.maxDurationMinutes();
    }

    public String maxDuration() {
        return Intervals.toSql(definition.maxDuration());
    }

    public int maxRetries() {
        return definition.maxRetries();
    }

    public String retryBackoff() {
        return Intervals.toSql(definition.retryBackoff());
    }

    public int maxConsecutiveFailures() {
        return definition.maxConsecutiveFailures();
    }

    public String dependencyWindow() {
        return Intervals.toSql(definition.dependencyWindow());
    }

    public int priority() {
        return definition.priority();
    }

    public String misfirePolicy() {
        return definition.misfirePolicy().name();
    }

    /** Null for none beyond the latest. */
    public Integer keepRuns() {
        return definition.keepRuns();
    }

    /** JSON text or null. */
    public String notifyJson() {
        return definition.notifyJson();
    }

    public String config() {
        try {
            return JSON.writeValueAsString(definition.config());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config is not JSON", e);
        }
    }
}
