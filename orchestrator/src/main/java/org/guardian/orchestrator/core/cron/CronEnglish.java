package org.guardian.orchestrator.core.cron;

import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewords the phrases of cron-utils' English description that read wrongly ("at Sunday day",
 * "at 1 and 15 days", "Monday 2 of every month") into plain English; the rest is kept as it is.
 */
final class CronEnglish {
  private static final String WEEKDAYS = "(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day";
  private static final String MONTHS =
      "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
  private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth", "fifth");

  private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {}

  private static final List<Rule> RULES =
      List.of(
          rule("(" + WEEKDAYS + ") ([1-5]) of every month",
              m -> "on the " + ORDINALS.get(Integer.parseInt(m.group(2)) - 1) + " " + m.group(1) + " of every month"),
          rule("at (" + list(WEEKDAYS) + ") days?", m -> "on " + m.group(1)),
          rule("at (" + list("\\d{4}") + ") years?", m -> "in " + m.group(1)),
          rule("at (" + list(MONTHS) + ") months?", m -> "in " + m.group(1)),
          rule("at (" + list("\\d{1,2}") + ") (days?)",
              m -> "on " + m.group(2) + " " + m.group(1) + " of the month"),
          rule("every day between (\\d{1,2}) and (\\d{1,2})",
              m -> "on days " + m.group(1) + " to " + m.group(2) + " of the month"),
          rule("(last (?:day|weekday)) of month", m -> "on the " + m.group(1) + " of the month"),
          rule("(last " + WEEKDAYS + " of every month)", m -> "on the " + m.group(1)),
          rule("the nearest weekday to the (\\d{1,2}) of the month",
              m -> "on the weekday nearest day " + m.group(1) + " of the month"));

  private CronEnglish() {}

  /** {@code description}, from cron-utils, with its awkward phrases reworded. */
  static String reword(String description) {
    String text = description;
    for (Rule rule : RULES) {
      text = rule.pattern().matcher(text).replaceAll(m -> Matcher.quoteReplacement(rule.replacement().apply(m)));
    }
    return text;
  }

  /** One item or a list of them: "A", "A and B", "A, B and C". */
  private static String list(String item) {
    return "(?:" + item + ", )*" + item + "(?: and " + item + ")?";
  }

  private static Rule rule(String regex, Function<MatchResult, String> replacement) {
    return new Rule(Pattern.compile("\\b" + regex + "\\b"), replacement);
  }
}
