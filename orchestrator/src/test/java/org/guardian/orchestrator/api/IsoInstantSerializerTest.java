package org.guardian.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dropwizard.jackson.Jackson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's instants read exactly as before the faster serializer: as ISO_INSTANT writes them. */
@Timeout(60)
class IsoInstantSerializerTest {
    private final ObjectMapper plain = Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper fast = Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(new SimpleModule().addSerializer(Instant.class, new IsoInstantSerializer()));

    @Test
    void writesWhatIsoInstantWrites() throws Exception {
        List<Instant> instants = List.of(Instant.EPOCH, Instant.parse("2026-11-30T13:53:21Z"),
                Instant.parse("2026-11-30T11:48:21.143384Z"), Instant.parse("2026-11-30T11:48:21.1Z"),
                Instant.parse("2026-11-30T11:48:21.000000001Z"), Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN);
        for (Instant instant : instants) {
            assertThat(fast.writeValueAsString(instant)).as("%s", instant)
                    .isEqualTo('"' + DateTimeFormatter.ISO_INSTANT.format(instant) + '"')
                    .isEqualTo(plain.writeValueAsString(instant));
        }
    }

    @Test
    void writesWhatIsoInstantWritesForRandomInstantsOfEveryYear() throws Exception {
        Random random = new Random(11);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first + 1));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(fast.writeValueAsString(instant)).as("%s", instant)
                    .isEqualTo('"' + DateTimeFormatter.ISO_INSTANT.format(instant) + '"');
        }
    }

    @Test
    void instantsInsideAViewAreWrittenTheSameWay() throws Exception {
        List<Instant> times = List.of(Instant.parse("2026-11-30T13:53:21Z"), Instant.parse("2026-12-01T13:53:21.25Z"));
        assertThat(fast.writeValueAsString(times)).isEqualTo(plain.writeValueAsString(times))
                .isEqualTo("[\"2026-11-30T13:53:21Z\",\"2026-12-01T13:53:21.250Z\"]");
    }
}
