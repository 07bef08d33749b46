package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The email channel: an SMTP server; off while {@code host} is empty. */
public class EmailSettings {
    /** How the connection is secured. */
    public enum Tls { NONE, STARTTLS, SMTPS }

    /** {@code ORCH_SMTP_HOST}; empty turns email off. */
    @NotNull
    private String host = "";
    /** {@code ORCH_SMTP_PORT}; default 25. */
    @Min(1)
    @Max(65_535)
    private int port = 25;
    /** {@code ORCH_SMTP_TLS}: none, starttls (required) or smtps; default none. */
    @NotNull
    private Tls tls = Tls.NONE;
    /** {@code ORCH_SMTP_USER}; empty sends without authentication. */
    @NotNull
    private String user = "";
    /** {@code ORCH_SMTP_PASSWORD}: never stored in Quartz's job data. */
    @NotNull
    private String password = "";
    /** {@code ORCH_SMTP_FROM}: the sender address. */
    @NotNull
    private String from = "";
    /** {@code ORCH_SMTP_TO}: recipients, separated by commas. */
    @NotNull
    private String to = "";
    /** Connect, read and write timeout of the SMTP session; default 10 s. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(10);

    @JsonIgnore
    public boolean enabled() {
        return !host.isBlank();
    }

    /** The recipients, trimmed. */
    @JsonIgnore
    public List<String> recipients() {
        return Arrays.stream(to.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @JsonIgnore
    @AssertTrue(message = "with a host (ORCH_SMTP_HOST), from (ORCH_SMTP_FROM) and to (ORCH_SMTP_TO) are required")
    public boolean isComplete() {
        return !enabled() || (!from.isBlank() && !recipients().isEmpty());
    }

    @JsonIgnore
    @AssertTrue(message = "timeout must be between 1 s and 5 min")
    public boolean isTimeoutValid() {
        return DurationRange.within(timeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    @JsonProperty
    public String getHost() {
        return host;
    }

    @JsonProperty
    public void setHost(String host) {
        this.host = host == null ? "" : host.trim();
    }

    @JsonProperty
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public Tls getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(Tls tls) {
        this.tls = tls;
    }

    @JsonProperty
    public String getUser() {
        return user;
    }

    @JsonProperty
    public void setUser(String user) {
        this.user = user == null ? "" : user;
    }

    @JsonIgnore
    public String getPassword() {
        return password;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    @JsonProperty
    public String getFrom() {
        return from;
    }

    @JsonProperty
    public void setFrom(String from) {
        this.from = from == null ? "" : from.trim();
    }

    @JsonProperty
    public String getTo() {
        return to;
    }

    @JsonProperty
    public void setTo(String to) {
        this.to = to == null ? "" : to;
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
