package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;

/** The webhook channel: an HTTP(S) URL that gets a JSON POST; off while {@code url} is empty. */
public class WebhookSettings {
    /** {@code ORCH_WEBHOOK_URL}; empty turns the webhook off. */
    @NotNull
    private String url = "";
    /** {@code ORCH_WEBHOOK_TIMEOUT}: connect and answer timeout; default 10 s. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(10);

    @JsonIgnore
    public boolean enabled() {
        return !url.isBlank();
    }

    @JsonIgnore
    @AssertTrue(message = "url (ORCH_WEBHOOK_URL) must be an absolute http or https URL")
    public boolean isUrlValid() {
        if (!enabled()) {
            return true;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @JsonIgnore
    @AssertTrue(message = "timeout (ORCH_WEBHOOK_TIMEOUT) must be between 1 s and 5 min")
    public boolean isTimeoutValid() {
        return DurationRange.within(timeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url == null ? "" : url.trim();
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
