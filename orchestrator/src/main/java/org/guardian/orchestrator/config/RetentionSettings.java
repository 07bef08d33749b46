package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** How long run history and the change audit are kept, and how the cluster removes what is older. */
public class RetentionSettings {
    public static final Duration DEFAULT_RUNS = Duration.ofDays(30);
    public static final Duration DEFAULT_CHANGES = Duration.ofDays(400);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_BATCH_SIZE = 1000;

    /** {@code ORCH_RUNS_RETENTION}: runs that started longer ago go, but each schedule's {@code keepRuns} latest; default P30D. */
    @NotNull
    private Duration runs = DEFAULT_RUNS;
    /** {@code ORCH_CHANGES_RETENTION}: audit rows ({@code schedule_changes}) older than this go; default P400D. */
    @NotNull
    private Duration changes = DEFAULT_CHANGES;
    /** {@code ORCH_RETENTION_INTERVAL}: time between two passes of a node; default PT1M. */
    @NotNull
    private Duration interval = DEFAULT_INTERVAL;
    /** {@code ORCH_RETENTION_BATCH}: rows looked at by one delete statement (one short transaction); default 1000. */
    @Min(10)
    @Max(100_000)
    private int batchSize = DEFAULT_BATCH_SIZE;

    @JsonIgnore
    @AssertTrue(message = "runs and changes must be at least PT1S, interval between PT1S and P1D")
    public boolean isDurationsValid() {
        Duration second = Duration.ofSeconds(1);
        return DurationRange.within(runs, second, Duration.ofDays(100 * 366L))
                && DurationRange.within(changes, second, Duration.ofDays(100 * 366L))
                && DurationRange.within(interval, second, Duration.ofDays(1));
    }

    @JsonProperty
    public Duration getRuns() {
        return runs;
    }

    @JsonProperty
    public void setRuns(Duration runs) {
        this.runs = runs;
    }

    @JsonProperty
    public Duration getChanges() {
        return changes;
    }

    @JsonProperty
    public void setChanges(Duration changes) {
        this.changes = changes;
    }

    @JsonProperty
    public Duration getInterval() {
        return interval;
    }

    @JsonProperty
    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    @JsonProperty
    public int getBatchSize() {
        return batchSize;
    }

    @JsonProperty
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }
}
