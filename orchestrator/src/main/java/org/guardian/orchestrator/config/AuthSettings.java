package org.guardian.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Passwords of the three built-in users; a user whose password is empty cannot log in. */
public class AuthSettings {
    /** {@code ORCH_ADMIN_PASSWORD}. */
    private String adminPassword = "";
    /** {@code ORCH_OPERATOR_PASSWORD}. */
    private String operatorPassword = "";
    /** {@code ORCH_VIEWER_PASSWORD}. */
    private String viewerPassword = "";

    @JsonProperty
    public String getAdminPassword() {
        return adminPassword;
    }

    @JsonProperty
    public void setAdminPassword(String adminPassword) {
        this.adminPassword = adminPassword == null ? "" : adminPassword;
    }

    @JsonProperty
    public String getOperatorPassword() {
        return operatorPassword;
    }

    @JsonProperty
    public void setOperatorPassword(String operatorPassword) {
        this.operatorPassword = operatorPassword == null ? "" : operatorPassword;
    }

    @JsonProperty
    public String getViewerPassword() {
        return viewerPassword;
    }

    @JsonProperty
    public void setViewerPassword(String viewerPassword) {
        this.viewerPassword = viewerPassword == null ? "" : viewerPassword;
    }
}
