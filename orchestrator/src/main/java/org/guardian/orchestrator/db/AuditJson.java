package org.guardian.orchestrator.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.core.IsoDurations;
import org.guardian.orchestrator.core.ScheduleDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/** The before/after JSON of a definition in {@code schedule_changes}, in the API's field names. */
public final class AuditJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditJson() {
    }

    public static String of(ScheduleDefinition d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", d.name());
        fields.put("operation", d.operation());
        fields.put("cron", d.cron());
        fields.put("timeZone", d.timeZone());
        fields.put("enabled", d.enabled());
        fields.put("dependsOn", d.dependsOn());
        fields.put("maxDuration", IsoDurations.format(d.maxDuration()));
        fields.put("maxRetries", d.maxRetries());
        fields.put("retryBackoff", IsoDurations.format(d.retryBackoff()));
        fields.put("maxConsecutiveFailures", d.maxConsecutiveFailures());
        fields.put("dependencyWindow", IsoDurations.format(d.dependencyWindow()));
        fields.put("priority", d.priority());
        fields.put("misfirePolicy", d.misfirePolicy().name());
        fields.put("config", d.config());
        fields.put("keepRuns", d.keepRuns());
        try {
            fields.put("notify", d.notifyJson() == null ? null : JSON.readTree(d.notifyJson()));
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
