package org.guardian.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.guardian.orchestrator.core.IsoDurations;
import org.guardian.orchestrator.core.MisfirePolicy;
import org.guardian.orchestrator.core.NotifySpec;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.ScheduleDefinition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of POST and PUT: a schedule definition. Absent fields take the defaults below; the
 * read-only fields of {@link ScheduleView} are accepted and ignored, so a GET body can be sent back.
 */
@JsonIgnoreProperties(value = {"state", "cronDescription", "nextFireTimes", "lastRun", "lastStatus",
        "consecutiveFailures", "suppressedAt", "blockedReason", "notifyProblem", "paused", "version", "createdAt", "updatedAt"})
public record ScheduleRequest(
        @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
        @Size(max = 200) String operation,
        @NotBlank @Size(max = 200) String cron,
        @Size(max = 100) String timeZone,
        Boolean enabled,
        @Size(max = 100) List<@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String> dependsOn,
        String maxDuration,
        @Min(0) @Max(100) Integer maxRetries,
        String retryBackoff,
        @Min(1) @Max(1000) Integer maxConsecutiveFailures,
        String dependencyWindow,
        @Min(1) @Max(10) Integer priority,
        String misfirePolicy,
        Map<String, @NotNull Object> config,
        @JsonProperty("notify") JsonNode notifyOn,
        @Min(0) @Max(MAX_KEEP_RUNS) Integer keepRuns) {

    public static final String NAME_PATTERN = "^[a-z][a-z0-9_]{0,62}$";
    /** The most runs a schedule may keep whatever their age. */
    public static final int MAX_KEEP_RUNS = 1_000_000;
    static final String NAME_MESSAGE = "must match " + NAME_PATTERN;
    private static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(60);
    private static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(30);
    private static final Duration DEFAULT_DEPENDENCY_WINDOW = Duration.ofDays(1);
    private static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
    private static final int DEFAULT_PRIORITY = 5;

    /** The body that asks for {@code d} with every field explicit (what a merge patch is applied to). */
    public static ScheduleRequest of(ScheduleDefinition d, JsonNode notifyOn) {
        return new ScheduleRequest(d.name(), d.operation(), d.cron(), d.timeZone(), d.enabled(), d.dependsOn(),
                IsoDurations.format(d.maxDuration()), d.maxRetries(), IsoDurations.format(d.retryBackoff()),
                d.maxConsecutiveFailures(), IsoDurations.format(d.dependencyWindow()), d.priority(),
                d.misfirePolicy().name(), d.config(), notifyOn, d.keepRuns());
    }

    /**
     * The definition this body asks for under {@code name} (from the path or the body).
     *
     * @throws RefusedException (INVALID) naming each field that cannot be read
     */
    public ScheduleDefinition toDefinition(String name) {
        List<String> errors = new ArrayList<>();
        Duration max = duration("maxDuration", maxDuration, DEFAULT_MAX_DURATION, false, errors);
        Duration backoff = duration("retryBackoff", retryBackoff, DEFAULT_RETRY_BACKOFF, true, errors);
        Duration window = duration("dependencyWindow", dependencyWindow, DEFAULT_DEPENDENCY_WINDOW, false, errors);
        MisfirePolicy misfire = misfire(errors);
        NotifySpec.check(notifyOn, errors);
        if (!errors.isEmpty()) {
            throw RefusedException.invalid(errors);
        }
        return new ScheduleDefinition(name, operation == null ? name : operation, cron.trim(),
                timeZone == null ? "UTC" : timeZone, enabled == null || enabled,
                dependsOn == null ? List.of() : List.copyOf(dependsOn), max,
                maxRetries == null ? 0 : maxRetries, backoff,
                maxConsecutiveFailures == null ? DEFAULT_MAX_CONSECUTIVE_FAILURES : maxConsecutiveFailures, window,
                priority == null ? DEFAULT_PRIORITY : priority, misfire, config == null ? Map.of() : config,
                notifyOn == null || notifyOn.isNull() ? null : notifyOn.toString(), keepRuns);
    }

    private static Duration duration(String field, String text, Duration fallback, boolean zeroAllowed,
                                     List<String> errors) {
        if (text == null) {
            return fallback;
        }
        Duration parsed = IsoDurations.parse(text);
        if (parsed == null) {
            errors.add(field + ": must be an ISO-8601 duration such as PT45M or P1D");
        } else if (parsed.isNegative() || (parsed.isZero() && !zeroAllowed)) {
            errors.add(field + ": must be " + (zeroAllowed ? "zero or more" : "more than zero"));
        } else if (parsed.compareTo(Duration.ofDays(366)) > 0) {
            errors.add(field + ": must be at most P366D");
        } else if (parsed.toNanosPart() % 1_000 != 0) {
            errors.add(field + ": must be a whole number of microseconds (the table's precision)");
        }
        return parsed;
    }

    private MisfirePolicy misfire(List<String> errors) {
        if (misfirePolicy == null) {
            return MisfirePolicy.FIRE_ONCE;
        }
        try {
            return MisfirePolicy.valueOf(misfirePolicy);
        } catch (IllegalArgumentException e) {
            errors.add("misfirePolicy: must be one of FIRE_ONCE, SKIP");
            return null;
        }
    }
}
