package org.guardian.orchestrator.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.testing.NotifyChannels;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/** A PENDING notification that no Quartz job will send (its raiser died before storing it) is sent by the sweeper. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NotificationSweepIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private GreenMail smtp;
    private WebhookReceiver webhook;
    private int smtpPort;

    @BeforeEach
    void servers() throws Exception {
        smtpPort = NotifyChannels.freePort();
        smtp = NotifyChannels.smtp(smtpPort);
        smtp.start();
        webhook = WebhookReceiver.start();
    }

    @AfterEach
    void stopServers() {
        smtp.stop();
        webhook.close();
    }

    private NotificationSettings settings(Duration grace) {
        NotificationSettings settings = NotifyChannels.settings(smtpPort, webhook.url());
        settings.setPendingGrace(grace);
        return settings;
    }

    @Test
    void aPendingRowWhoseRaiserDiedBeforeStoringItsJobIsSentOnceByOneOfTwoNodes() throws Exception {
        orphan("EMAIL", NotifyChannels.TO, "orphan-mail");
        orphan("WEBHOOK", webhook.url(), "orphan-hook");

        cluster.start("sweep-1", settings(Duration.ofSeconds(1)));
        cluster.start("sweep-2", settings(Duration.ofSeconds(1)));

        await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(scalar(db,
                "SELECT count(*) FROM orchestrator.notifications WHERE status = 'SENT'")));
        assertThat(scalar(db, "SELECT string_agg(DISTINCT attempts::text, ',') FROM orchestrator.notifications"))
                .isEqualTo("1");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Guardian Orchestrator] TEST");
        assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("raised by a node that died")
                .contains("requestedBy=sweeper-test");
        assertThat(webhook.received()).hasSize(1);
        assertThat(webhook.received().get(0).body()).contains("\"event\": \"TEST\"", "sweeper-test");
    }

    @Test
    void aPendingNotificationWaitingForItsNextTryIsLeftToItsJob() throws Exception {
        webhook.answer(503);
        NotificationSettings settings = NotifyChannels.settings(0, webhook.url());
        settings.setPendingGrace(Duration.ofMillis(100));
        settings.setRetryBackoff(Duration.ofMinutes(10));
        OrchestratorNode node = cluster.start("sweep-1", settings);
        long id = node.notifier().raise(Notices.test("tester")).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(scalar(db,
                "SELECT attempts FROM orchestrator.notifications WHERE id = " + id)));

        assertThat(node.notificationSweeper().sweep()).isEmpty();
        assertThat(scalar(db, "SELECT status || ' ' || attempts FROM orchestrator.notifications WHERE id = " + id))
                .isEqualTo("PENDING 1");
        assertThat(webhook.received()).extracting(WebhookReceiver.Received::status).containsExactly(503);
    }

    /** A row as {@link Notifier} records it, two minutes old, with no Quartz job (its raiser died). */
    private void orphan(String channel, String recipient, String dedupeKey) {
        db.execute("INSERT INTO orchestrator.notifications (event, scope, channel, recipient, subject, body, payload,"
                + " status, dedupe_key, created_at, raised_by) VALUES ('TEST', 'cluster', '" + channel + "', '"
                + recipient + "', '[Guardian Orchestrator] TEST', 'A test notification raised by a node that died.',"
                + " '{\"text\": \"TEST\", \"event\": \"TEST\", \"details\": {\"requestedBy\": \"sweeper-test\"}}',"
                + " 'PENDING', '" + dedupeKey + "', now() - interval '2 minutes', 'dead-node')");
    }
}
