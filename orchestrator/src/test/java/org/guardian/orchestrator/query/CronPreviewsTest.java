package org.guardian.orchestrator.query;

import org.guardian.orchestrator.api.CronPreviewView;
import org.guardian.orchestrator.core.RefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(30)
class CronPreviewsTest {
    private final CronPreviews previews = new CronPreviews(
            Clock.fixed(Instant.parse("2026-03-27T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aUnixCronIsDescribedWithItsNextTenFireTimesInItsZone() {
        CronPreviewView preview = previews.preview("30 2 * * *", "Europe/Berlin");
        assertThat(preview.description()).containsIgnoringCase("at 02:30");
        assertThat(preview.timezone()).isEqualTo("Europe/Berlin");
        assertThat(preview.next()).hasSize(10);
        assertThat(preview.next().get(0)).isEqualTo("2026-03-28T02:30:00+01:00");
        // 02:30 does not exist on 29 March in Berlin: it fires when the gap ends, then in summer time
        assertThat(preview.next().get(1)).isEqualTo("2026-03-29T03:00:00+02:00");
        assertThat(preview.next().get(2)).isEqualTo("2026-03-30T02:30:00+02:00");
    }

    @Test
    void aQuartzCronIsDescribedToo() {
        CronPreviewView preview = previews.preview("0 0/15 9-17 ? * MON-FRI", "UTC");
        assertThat(preview.description()).isNotBlank();
        assertThat(preview.next()).startsWith("2026-03-27T12:15:00Z", "2026-03-27T12:30:00Z");
    }

    @Test
    void withoutAZoneTheCronIsReadInUtc() {
        assertThat(previews.preview("@daily", null).next().get(0)).isEqualTo("2026-03-28T00:00:00Z");
    }

    @Test
    void aWrongFieldIsNamed() {
        assertThat(refusal("61 * * * *", "UTC")).singleElement().asString().startsWith("cron: invalid minute field");
    }

    @Test
    void anUnknownZoneIsNamed() {
        assertThat(refusal("@daily", "Mars/Olympus")).singleElement().asString().startsWith("timezone: unknown time zone");
    }

    @Test
    void anEmptyCronIsNamed() {
        assertThat(refusal(" ", "UTC")).containsExactly("cron: must not be empty");
        assertThat(refusal(null, null)).containsExactly("cron: must not be empty");
    }

    private java.util.List<String> refusal(String cron, String zone) {
        RefusedException e = catchThrowableOfType(RefusedException.class, () -> previews.preview(cron, zone));
        assertThat(e.kind()).isEqualTo(RefusedException.Kind.MALFORMED);
        return e.errors();
    }
}
