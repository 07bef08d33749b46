package org.guardian.orchestrator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifySpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void absentOrNullMeansEveryEventToTheConfiguredChannels() throws Exception {
        assertThat(NotifySpec.parse(null)).isEqualTo(NotifySpec.DEFAULTS);
        assertThat(NotifySpec.parse(json("null"))).isEqualTo(NotifySpec.DEFAULTS);
        assertThat(NotifySpec.DEFAULTS.notifies(NotificationEvent.TIMEOUT)).isTrue();
        assertThat(NotifySpec.DEFAULTS.webhookOn()).isTrue();
        assertThat(NotifySpec.DEFAULTS.email()).isNull();
    }

    @Test
    void anEmptyEventListMeansNone() throws Exception {
        NotifySpec none = NotifySpec.parse(json("{\"events\": []}"));
        assertThat(List.of(NotificationEvent.values())).noneMatch(none::notifies);
    }

    @Test
    void eventsRecipientsAndWebhookAreRead() throws Exception {
        NotifySpec spec = NotifySpec.parse(json(
                "{\"events\": [\"SUPPRESSED\", \"BLOCKED\"], \"email\": [\"a@x.org\", \"b@x.org\"], \"webhook\": false}"));
        assertThat(spec.notifies(NotificationEvent.SUPPRESSED)).isTrue();
        assertThat(spec.notifies(NotificationEvent.FAILED)).isFalse();
        assertThat(spec.email()).containsExactly("a@x.org", "b@x.org");
        assertThat(spec.webhookOn()).isFalse();
    }

    @Test
    void eachBadFieldIsNamed() {
        assertThatThrownBy(() -> NotifySpec.parse(json("{\"events\": [\"SUPPRESSED\", \"X\", 3], \"email\": \"a@x.org\","
                + " \"webhook\": 1, \"other\": true}")))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RefusedException.Kind.INVALID);
                    assertThat(e.errors()).anyMatch(m -> m.startsWith("notify.events[1]: unknown event \"X\""))
                            .anyMatch(m -> m.startsWith("notify.events[2]: unknown event 3"))
                            .contains("notify.email: must be a list of addresses", "notify.webhook: must be true or false",
                                    "notify.other: unknown field (events, email, webhook)");
                });
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
