package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.NotifyChannels;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** A notification is a persistent Quartz job: the node that raised it may die while sending, another sends it. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NotificationFailoverIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNotificationWhoseNodeIsKilledWhileSendingItIsSentByAnotherNode() throws Exception {
        try (WebhookReceiver webhook = WebhookReceiver.start()) {
            webhook.holdFirst();
            schedule(db, "doomed").cron("* * * * * ?").operation("fail", "{\"message\": \"disk full\"}")
                    .maxConsecutiveFailures(1).insert();
            db.execute("UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"SUPPRESSED\"]}'"
                    + " WHERE operation_name = 'doomed'");
            try (NodeProcess victim = NodeProcess.start(db, "victim", Map.of("ORCH_WEBHOOK_URL", webhook.url(),
                    "ORCH_NOTIFY_RETRY_BACKOFF", "PT0.3S"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> webhook.arrived().size() == 1);
                assertThat(scalar(db, "SELECT raised_by || ' ' || status || ' ' || attempts"
                        + " FROM orchestrator.notifications WHERE event = 'SUPPRESSED'")).isEqualTo("victim PENDING 1");
                victim.kill9();
            }
            cluster.start("survivor", NotifyChannels.settings(0, webhook.url()));

            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(scalar(db,
                    "SELECT status FROM orchestrator.notifications WHERE event = 'SUPPRESSED'")));
            assertThat(scalar(db, "SELECT sent_by || ' ' || attempts FROM orchestrator.notifications"
                    + " WHERE event = 'SUPPRESSED'")).isEqualTo("survivor 2");
            assertThat(webhook.received()).filteredOn(r -> r.body().contains("\"SUPPRESSED\""))
                    .extracting(WebhookReceiver.Received::status).containsExactly(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> "victim SENT survivor".equals(scalar(db,
                    "SELECT details FROM (SELECT payload->'details'->>'node' || ' ' || status || ' ' || raised_by AS details"
                            + " FROM orchestrator.notifications WHERE event = 'NODE_DEAD') n")));
        }
    }
}
