package org.guardian.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonAlias;

/** The body of {@code POST /api/cron/preview}: a cron expression and its IANA time zone (default UTC). */
public record CronPreviewRequest(String cron, @JsonAlias("timeZone") String timezone) {
}
