package org.guardian.orchestrator.core.cron;

import java.util.List;

/**
 * Quartz expressions whose union, restricted to days passing {@code filter}, is the schedule's set
 * of local fire times.
 */
record CronTranslation(List<String> quartzExpressions, DayFilter filter) {
  CronTranslation {
    quartzExpressions = List.copyOf(quartzExpressions);
  }
}
