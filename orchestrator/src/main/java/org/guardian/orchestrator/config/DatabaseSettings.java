package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.guardian.orchestrator.db.PrimaryTimeline;

/** Where the orchestrator's schema lives, and the target database the operations work on. */
@UrlsFollowThePrimary
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
    /** {@code ORCH_TARGET_DB_*}, {@code ORCH_MIGRATE_GUARDIAN}: where the operations run; default this database. */
    @Valid
    @NotNull
    private TargetDatabaseSettings target = new TargetDatabaseSettings();

    @JsonIgnore
    private String resolvedUrl;
    /** The newest timeline this node saw its database on (a multi-host URL's split-brain check). */
    @JsonIgnore
    private final PrimaryTimeline timeline = new PrimaryTimeline();
    /** The same for a target database of its own, which fails over on its own. */
    @JsonIgnore
    private final PrimaryTimeline targetTimeline = new PrimaryTimeline();

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

    @JsonProperty
    public TargetDatabaseSettings getTarget() {
        return target;
    }

    @JsonProperty
    public void setTarget(TargetDatabaseSettings target) {
        this.target = target;
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }

    /** The URL in use: the configured one, or the embedded server's once started. */
    public String jdbcUrl() {
        return resolvedUrl != null ? resolvedUrl : url;
    }

    /**
     * The split-brain check of the sessions on {@code address} (the orchestrator's database or the
     * target), shared by every pool on it; {@link PrimaryTimeline#NONE} unless its URL names several hosts.
     */
    public PrimaryTimeline timelineOf(DatabaseAddress address) {
        if (!DatabaseUrls.isMultiHost(address.jdbcUrl())) {
            return PrimaryTimeline.NONE;
        }
        return address.sameDatabaseAs(orchestratorAddress()) ? timeline : targetTimeline;
    }

    /** Sessions refused on an old primary, of the orchestrator's database and of the target. */
    public long oldPrimarySessionsRefused() {
        return timeline.refused() + targetTimeline.refused();
    }

    public void useEmbedded(String jdbcUrl, String embeddedUser) {
        this.resolvedUrl = jdbcUrl;
        this.user = embeddedUser;
        this.password = "";
    }

    /** The orchestrator's database: its schema, Quartz's tables, the node registry. */
    public DatabaseAddress orchestratorAddress() {
        return new DatabaseAddress(jdbcUrl(), user, password);
    }

    /** Whether the operations run on a database other than the orchestrator's. */
    public boolean hasSeparateTarget() {
        return !target.getUrl().isEmpty() && !target.getUrl().equals(jdbcUrl());
    }

    /** The database the operations work on; the orchestrator's user unless the target names its own. */
    public DatabaseAddress targetAddress() {
        if (!hasSeparateTarget()) {
            return orchestratorAddress();
        }
        boolean ownUser = !target.getUser().isEmpty();
        return new DatabaseAddress(target.getUrl(), ownUser ? target.getUser() : user,
                ownUser ? target.getPassword() : password);
    }

    /** Whether to apply the Guardian migrations: as configured, else only to the embedded database or where they ran before. */
    public GuardianMigration guardianMigration() {
        Boolean configured = target.getMigrateGuardian();
        if (configured != null) {
            return configured ? GuardianMigration.APPLY : GuardianMigration.SKIP;
        }
        return isEmbedded() && !hasSeparateTarget() ? GuardianMigration.APPLY : GuardianMigration.WHERE_HISTORY_EXISTS;
    }
}
