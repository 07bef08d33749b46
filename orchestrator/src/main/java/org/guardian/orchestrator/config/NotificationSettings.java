package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** Notifications: the channels, the rate limit per (schedule, event) and the retries of a send. */
public class NotificationSettings {
    public static final Duration DEFAULT_RATE_LIMIT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_PENDING_GRACE = Duration.ofMinutes(2);

    @Valid
    @NotNull
    private EmailSettings email = new EmailSettings();
    @Valid
    @NotNull
    private WebhookSettings webhook = new WebhookSettings();
    /** {@code ORCH_NOTIFY_RATE_LIMIT}: at most one notification per (schedule, event, channel) within it; default PT15M. */
    @NotNull
    private Duration rateLimit = DEFAULT_RATE_LIMIT;
    /** {@code ORCH_NOTIFY_MAX_ATTEMPTS}: tries of one send before it is recorded FAILED; default 5. */
    @Min(1)
    @Max(50)
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    /** {@code ORCH_NOTIFY_RETRY_BACKOFF}: the delay before the second try, doubled for each next one; default PT30S. */
    @NotNull
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    /** {@code ORCH_NOTIFY_PENDING_GRACE}: a PENDING notification without a Quartz job this old is scheduled again; default PT2M. */
    @NotNull
    private Duration pendingGrace = DEFAULT_PENDING_GRACE;

    /** No channel configured. */
    public static NotificationSettings none() {
        return new NotificationSettings();
    }

    @JsonIgnore
    public boolean anyChannel() {
        return email.enabled() || webhook.enabled();
    }

    @JsonIgnore
    @AssertTrue(message = "rateLimit must not be negative and retryBackoff must be between 100 ms and 1 h")
    public boolean isDurationsValid() {
        return rateLimit != null && !rateLimit.isNegative()
                && DurationRange.within(retryBackoff, Duration.ofMillis(100), Duration.ofHours(1));
    }

    @JsonProperty
    public EmailSettings getEmail() {
        return email;
    }

    @JsonProperty
    public void setEmail(EmailSettings email) {
        this.email = email;
    }

    @JsonProperty
    public WebhookSettings getWebhook() {
        return webhook;
    }

    @JsonProperty
    public void setWebhook(WebhookSettings webhook) {
        this.webhook = webhook;
    }

    @JsonProperty
    public Duration getRateLimit() {
        return rateLimit;
    }

    @JsonProperty
    public void setRateLimit(Duration rateLimit) {
        this.rateLimit = rateLimit;
    }

    @JsonProperty
    public int getMaxAttempts() {
        return maxAttempts;
    }

    @JsonProperty
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    @JsonIgnore
    @AssertTrue(message = "pendingGrace must be at least 100 ms")
    public boolean isPendingGraceValid() {
        return pendingGrace != null && pendingGrace.compareTo(Duration.ofMillis(100)) >= 0;
    }

    @JsonProperty
    public Duration getPendingGrace() {
        return pendingGrace;
    }

    @JsonProperty
    public void setPendingGrace(Duration pendingGrace) {
        this.pendingGrace = pendingGrace;
    }

    @JsonProperty
    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    @JsonProperty
    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }
}
