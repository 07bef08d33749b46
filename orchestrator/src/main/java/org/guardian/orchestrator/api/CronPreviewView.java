package org.guardian.orchestrator.api;

import java.util.List;

/** A cron in words and its next fire times, each as a local time with its offset in {@code timezone}. */
public record CronPreviewView(String cron, String timezone, String description, List<String> next) {
}
