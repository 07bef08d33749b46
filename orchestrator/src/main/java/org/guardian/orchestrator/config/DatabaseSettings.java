package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Where the orchestrator and Guardian schemas live. */
public class DatabaseSettings {
    /** JDBC URL ({@code ORCH_DB_URL}); empty starts an embedded PostgreSQL in {@link #dataDir}. */
    private String url = "";
    /** {@code ORCH_DB_USER}; default {@code postgres}. */
    @NotNull
    private String user = "postgres";
    /** {@code ORCH_DB_PASSWORD}; default empty. */
    @NotNull
    private String password = "";
    /** {@code ORCH_DATA_DIR}: the embedded PostgreSQL's data; default {@code ./data}. */
    @NotNull
    private String dataDir = "./data";
    /** Port of the embedded PostgreSQL; 0 picks a free one. */
    @Min(0)
    @Max(65535)
    private int embeddedPort = 0;
    /** Apply the Flyway migrations at start; default true. */
    private boolean migrateOnStart = true;
    /**
     * {@code ORCH_DB_POOL_SIZE}: connections of the application pool (attempts, API, outcome
     * writer, background loops); default unset, sized from the worker threads ({@link PoolSizing}).
     */
    @Min(2)
    private Integer poolSize;

    @JsonIgnore
    private String resolvedUrl;

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url == null ? "" : url.trim();
    }

    @JsonProperty
    public String getUser() {
        return user;
    }

    @JsonProperty
    public void setUser(String user) {
        this.user = user;
    }

    @JsonProperty
    public String getPassword() {
        return password;
    }

    @JsonProperty
    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    @JsonProperty
    public String getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    @JsonProperty
    public int getEmbeddedPort() {
        return embeddedPort;
    }

    @JsonProperty
    public void setEmbeddedPort(int embeddedPort) {
        this.embeddedPort = embeddedPort;
    }

    @JsonProperty
    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    @JsonProperty
    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    @JsonProperty
    public Integer getPoolSize() {
        return poolSize;
    }

    @JsonProperty
    public void setPoolSize(Integer poolSize) {
        this.poolSize = poolSize;
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }

    /** The URL in use: the configured one, or the embedded server's once started. */
    public String jdbcUrl() {
        return resolvedUrl != null ? resolvedUrl : url;
    }

    public void useEmbedded(String jdbcUrl, String embeddedUser) {
        this.resolvedUrl = jdbcUrl;
        this.user = embeddedUser;
        this.password = "";
    }
}
