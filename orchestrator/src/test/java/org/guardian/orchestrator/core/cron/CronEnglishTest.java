package org.guardian.orchestrator.core.cron;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The descriptions the API and the console show: cron-utils' English, its awkward phrases reworded. */
@Timeout(10)
class CronEnglishTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      0 3 1 * *              | at 03:00 on day 1 of the month
      0 0 1,15 * *           | at 00:00 on days 1 and 15 of the month
      0 0 1,2,3 * *          | at 00:00 on days 1, 2 and 3 of the month
      0 4 * * 0              | at 04:00 on Sunday
      0 4 * * 7              | at 04:00 on Sunday
      30 6 * * MON           | at 06:30 on Monday
      0 0 * * 1,3,5          | at 00:00 on Monday, Wednesday and Friday
      0 0 1 */2 *            | at 00:00 on day 1 of the month every 2 months
      0 0 12 ? JAN,JUL MON   | at 12:00 in January and July on Monday
      0 0 12 1 1 ? 2030      | at 12:00 on day 1 of the month in January in 2030
      0 0 8 ? * * 2030,2031  | at 08:00 in 2030 and 2031
      0 0 12 ? * 2#1         | at 12:00 on the first Monday of every month
      0 0 12 ? * 1#4         | at 12:00 on the fourth Sunday of every month
      0 0 12 ? * 6L          | at 12:00 on the last Friday of every month
      0 0 8 L * ?            | at 08:00 on the last day of the month
      0 0 12 LW * ?          | at 12:00 on the last weekday of the month
      0 0 8 15W * ?          | at 08:00 on the weekday nearest day 15 of the month
      0 0 8 1-7 * ?          | at 08:00 on days 1 to 7 of the month
      """)
  void awkwardPhrasesAreReworded(String cron, String description) {
    assertThat(CronSchedule.parse(cron, "UTC").describe()).isEqualTo(description);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      */30 * * * *           | every 30 minutes
      0 9 * * 1-5            | at 09:00 every day between Monday and Friday
      */15 9-17 * * 1-5      | every 15 minutes every hour between 9 and 17 every day between Monday and Friday
      0 0 8 * 1-6 ?          | at 08:00 every month between January and June
      0 30 1 * * ?           | at 01:30
      """)
  void phrasesThatReadWellAreKept(String cron, String description) {
    assertThat(CronSchedule.parse(cron, "UTC").describe()).isEqualTo(description);
  }

  @Test
  void textWithoutTheAwkwardPhrasesComesBackUnchanged() {
    assertThat(CronEnglish.reword("at 10:15 every day")).isEqualTo("at 10:15 every day");
    assertThat(CronEnglish.reword("at Someday day")).isEqualTo("at Someday day");
  }
}
