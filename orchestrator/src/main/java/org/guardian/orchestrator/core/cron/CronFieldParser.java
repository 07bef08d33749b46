package org.guardian.orchestrator.core.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.ArrayList;
import java.util.List;
import org.quartz.CronExpression;

/**
 * Parses cron fields with cron-utils and, when that fails, finds which field is wrong by parsing
 * each field alone among neutral ones.
 */
final class CronFieldParser {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final int QUARTZ_DOM = 3;
  private static final int QUARTZ_DOW = 5;

  private CronFieldParser() {}

  static Cron unix(String text) {
    return UNIX.parse(text);
  }

  static Cron quartz(String text) {
    return QUARTZ.parse(text);
  }

  /** Parses 5 Unix fields, or throws {@link InvalidCronException} naming the wrong field. */
  static Cron parseUnix(List<String> fields) {
    try {
      return unix(String.join(" ", fields));
    } catch (IllegalArgumentException e) {
      for (int i = 0; i < fields.size(); i++) {
        List<String> probe = new ArrayList<>(List.of("*", "*", "*", "*", "*"));
        probe.set(i, fields.get(i));
        rethrowIfInvalid(UNIX, probe, CronText.UNIX_FIELDS.get(i), fields.get(i));
      }
      throw new InvalidCronException("expression", message(e));
    }
  }

  /** Parses 6/7 Quartz fields (checked by both cron-utils and Quartz) or names the wrong field. */
  static QuartzFields parseQuartz(List<String> fields) {
    String text = String.join(" ", fields);
    try {
      return new QuartzFields(quartz(text), new CronExpression(text));
    } catch (IllegalArgumentException | java.text.ParseException e) {
      for (int i = 0; i < fields.size(); i++) {
        rethrowIfInvalid(QUARTZ, quartzProbe(fields, i), CronText.QUARTZ_FIELDS.get(i), fields.get(i));
      }
      if (!"?".equals(fields.get(QUARTZ_DOM)) && !"?".equals(fields.get(QUARTZ_DOW))) {
        throw new InvalidCronException(
            "dayOfWeek", "Quartz syntax needs '?' in dayOfMonth or in dayOfWeek: '" + text + "'");
      }
      throw new InvalidCronException("expression", message(e));
    }
  }

  /** A Quartz-syntax cron as cron-utils reads it (to describe it) and as Quartz parsed it (to search it). */
  record QuartzFields(Cron cron, CronExpression expression) {}

  private static List<String> quartzProbe(List<String> fields, int index) {
    List<String> probe = new ArrayList<>(List.of("0", "0", "0", "*", "*", "?", "*"));
    probe = probe.subList(0, fields.size());
    String value = fields.get(index);
    probe.set(index, value);
    if (index == QUARTZ_DOM) {
      probe.set(QUARTZ_DOW, "?".equals(value) ? "*" : "?");
    } else if (index == QUARTZ_DOW) {
      probe.set(QUARTZ_DOM, "?".equals(value) ? "*" : "?");
    }
    return probe;
  }

  private static void rethrowIfInvalid(
      CronParser parser, List<String> probe, String field, String value) {
    try {
      parser.parse(String.join(" ", probe));
    } catch (IllegalArgumentException e) {
      throw new InvalidCronException(field, "invalid " + field + " '" + value + "': " + message(e));
    }
  }

  private static String message(Exception e) {
    String text = String.valueOf(e.getMessage());
    return text.replace("Failed to parse cron expression. ", "");
  }
}
