package org.guardian.orchestrator.core.cron;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits cron text into fields, expands macros and tells Unix (5 fields) from Quartz (6/7). */
final class CronText {
  static final List<String> UNIX_FIELDS =
      List.of("minute", "hour", "dayOfMonth", "month", "dayOfWeek");
  static final List<String> QUARTZ_FIELDS =
      List.of("second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek", "year");

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private CronText() {}

  /** The fields of {@code expression}, macros expanded to their 5-field Unix form. */
  static List<String> fields(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidCronException("expression", "cron expression is empty");
    }
    String text = expression.trim();
    if (text.startsWith("@")) {
      String expanded = MACROS.get(text.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new InvalidCronException(
            "expression", "unknown cron macro '" + text + "'; known: " + MACROS.keySet());
      }
      text = expanded;
    }
    List<String> fields = List.of(text.split("\\s+"));
    if (fields.size() < 5 || fields.size() > 7) {
      throw new InvalidCronException(
          "expression",
          "cron expression '" + expression.trim() + "' has " + fields.size()
              + " fields; expected 5 (Unix) or 6-7 (Quartz: second first, optional year last)");
    }
    return fields;
  }

  static boolean isUnix(List<String> fields) {
    return fields.size() == 5;
  }
}
