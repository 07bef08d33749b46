package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The database the operations work on, when it is not the orchestrator's own, and whether the
 * Guardian schema migrations are applied to it.
 */
public class TargetDatabaseSettings {
    /** JDBC URL ({@code ORCH_TARGET_DB_URL}); empty: the orchestrator's database. */
    private String url = "";
    /** {@code ORCH_TARGET_DB_USER}; empty: the orchestrator's user. */
    private String user = "";
    /** {@code ORCH_TARGET_DB_PASSWORD}; empty: the orchestrator's password when the user is the orchestrator's too. */
    private String password = "";
    /**
     * {@code ORCH_MIGRATE_GUARDIAN}: apply the Guardian schema migrations to the target database.
     * Unset: only where the target is the embedded PostgreSQL or already holds their history.
     */
    private Boolean migrateGuardian;

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
        this.user = user == null ? "" : user.trim();
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
    public Boolean getMigrateGuardian() {
        return migrateGuardian;
    }

    @JsonProperty
    public void setMigrateGuardian(Boolean migrateGuardian) {
        this.migrateGuardian = migrateGuardian;
    }
}
