package org.guardian.orchestrator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.guardian.orchestrator.config.AuthSettings;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.config.PoolServesThreads;
import org.guardian.orchestrator.config.PoolSizing;
import org.guardian.orchestrator.config.RetentionSettings;
import org.guardian.orchestrator.config.SchedulerSettings;

/** config.yml: every value can come from the environment (see README, "Configuration"). */
@PoolServesThreads
public class OrchestratorConfiguration extends Configuration {
    @Valid
    @NotNull
    private DatabaseSettings database = new DatabaseSettings();
    @Valid
    @NotNull
    private SchedulerSettings scheduler = new SchedulerSettings();
    @Valid
    @NotNull
    private AuthSettings auth = new AuthSettings();
    @Valid
    @NotNull
    private NotificationSettings notifications = new NotificationSettings();
    @Valid
    @NotNull
    private RetentionSettings retention = new RetentionSettings();
    /** {@code ORCH_DIAGNOSTICS}: register the diagnostic operations (noop, sleep, ...); default false. */
    private boolean diagnostics;

    @JsonProperty
    public DatabaseSettings getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DatabaseSettings database) {
        this.database = database;
    }

    @JsonProperty
    public SchedulerSettings getScheduler() {
        return scheduler;
    }

    @JsonProperty
    public void setScheduler(SchedulerSettings scheduler) {
        this.scheduler = scheduler;
    }

    @JsonProperty
    public AuthSettings getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(AuthSettings auth) {
        this.auth = auth;
    }

    @JsonProperty
    public NotificationSettings getNotifications() {
        return notifications;
    }

    @JsonProperty
    public void setNotifications(NotificationSettings notifications) {
        this.notifications = notifications;
    }

    @JsonProperty
    public RetentionSettings getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(RetentionSettings retention) {
        this.retention = retention;
    }

    /** Connections of the application pool: the configured size, or one sized from the worker threads. */
    @JsonIgnore
    public int applicationPoolSize() {
        return PoolSizing.poolSize(database.getPoolSize(), scheduler.getThreads());
    }

    @JsonProperty
    public boolean isDiagnostics() {
        return diagnostics;
    }

    @JsonProperty
    public void setDiagnostics(boolean diagnostics) {
        this.diagnostics = diagnostics;
    }
}
