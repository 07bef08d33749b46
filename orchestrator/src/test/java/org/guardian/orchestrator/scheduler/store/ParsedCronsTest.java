package org.guardian.orchestrator.scheduler.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;

import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quartz.CronScheduleBuilder.cronSchedule;

/** One parsed expression per (expression, zone), shared by the triggers read, firing as Quartz's own parse. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ParsedCronsTest {
    private final ParsedCrons crons = new ParsedCrons();

    @Test
    void anExpressionIsParsedOncePerZone() {
        CronExpression berlin = crons.get("0 30 2 * * ?", "Europe/Berlin");
        assertThat(crons.get("0 30 2 * * ?", "Europe/Berlin")).isSameAs(berlin);
        assertThat(berlin.getTimeZone().getID()).isEqualTo("Europe/Berlin");
        assertThat(crons.get("0 30 2 * * ?", "UTC")).isNotSameAs(berlin);
        assertThat(crons.get("0 30 2 * * ?", null).getTimeZone()).isEqualTo(TimeZone.getDefault());
    }

    @Test
    void triggersBuiltOnASharedExpressionFireAsTriggersOfTheirOwnParse() {
        Date from = Date.from(Instant.parse("2026-03-28T00:00:00Z")); // a DST change ahead in Berlin
        OperableTrigger shared = trigger(cronSchedule(crons.get("0 30 2 * * ?", "Europe/Berlin")));
        OperableTrigger again = trigger(cronSchedule(crons.get("0 30 2 * * ?", "Europe/Berlin")));
        OperableTrigger own = trigger(cronSchedule("0 30 2 * * ?").inTimeZone(TimeZone.getTimeZone("Europe/Berlin")));
        Date a = from;
        Date b = from;
        Date c = from;
        for (int i = 0; i < 5; i++) {
            a = shared.getFireTimeAfter(a);
            b = again.getFireTimeAfter(b);
            c = own.getFireTimeAfter(c);
            assertThat(a).isEqualTo(c).isEqualTo(b);
        }
        assertThat(((CronTrigger) shared).getTimeZone().getID()).isEqualTo("Europe/Berlin");
    }

    @Test
    void anExpressionQuartzRefusesFailsAsQuartzsBuilderDoes() {
        assertThatThrownBy(() -> crons.get("0 61 * * * ?", "UTC")).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("'0 61 * * * ?' is invalid");
    }

    private static OperableTrigger trigger(org.quartz.ScheduleBuilder<?> schedule) {
        return (OperableTrigger) TriggerBuilder.newTrigger().withIdentity("t").withSchedule(schedule).build();
    }
}
