package org.guardian.orchestrator.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/session}: the console's login form. */
public record LoginRequest(@NotBlank @Size(max = 100) String user, @NotNull @Size(max = 200) String password) {
}
