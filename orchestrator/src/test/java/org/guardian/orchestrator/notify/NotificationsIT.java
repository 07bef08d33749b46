package org.guardian.orchestrator.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Notifications on real servers in this JVM: an SMTP server (GreenMail) and a webhook receiver. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NotificationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private GreenMail smtp;
    private WebhookReceiver webhook;
    private int smtpPort;
    private boolean smtpStarted;

    @BeforeEach
    void servers() throws Exception {
        smtpPort = NotifyChannels.freePort();
        smtp = NotifyChannels.smtp(smtpPort);
        webhook = WebhookReceiver.start();
    }

    @AfterEach
    void stopServers() {
        if (smtpStarted) {
            smtp.stop();
        }
        webhook.close();
    }

    private void startSmtp() {
        smtp.start();
        smtpStarted = true;
    }

    @Test
    void aSuppressedScheduleSendsOneEmailAndOneWebhook() throws Exception {
        startSmtp();
        cluster.start("notify-1", NotifyChannels.settings(smtpPort, webhook.url()));
        schedule(db, "doomed").cron("* * * * * ?").operation("fail", "{\"message\": \"disk full\"}")
                .maxConsecutiveFailures(2).insert();

        await().atMost(Duration.ofSeconds(60)).until(() -> count("event = 'SUPPRESSED' AND status = 'SENT'") == 2);
        awaitNothingPending();
        List<MimeMessage> suppressed = emails("[Guardian Orchestrator] SUPPRESSED: doomed");
        assertThat(suppressed).hasSize(1);
        assertThat(suppressed.get(0).getAllRecipients()[0].toString()).isEqualTo(NotifyChannels.TO);
        assertThat(suppressed.get(0).getFrom()[0].toString()).isEqualTo(NotifyChannels.FROM);
        assertThat(GreenMailUtil.getBody(suppressed.get(0)))
                .contains("Schedule doomed was suppressed after 2 consecutive failures")
                .contains("POST /api/schedules/doomed/reset");
        List<JsonNode> hooks = webhooks("SUPPRESSED");
        assertThat(hooks).hasSize(1);
        assertThat(hooks.get(0).get("text").asText()).startsWith("[Guardian Orchestrator] SUPPRESSED: doomed")
                .contains("was suppressed after 2 consecutive failures");
        assertThat(hooks.get(0).get("schedule").asText()).isEqualTo("doomed");
        assertThat(hooks.get(0).get("details").get("consecutiveFailures").asInt()).isEqualTo(2);
        assertThat(scalar(db, "SELECT string_agg(DISTINCT sent_by, ',') FROM orchestrator.notifications"
                + " WHERE event = 'SUPPRESSED'")).isEqualTo("notify-1");
    }

    @Test
    void aFinalFailureTellsItsErrorAndTheNextOneWithinTheRateLimitIsRecordedRateLimited() throws Exception {
        startSmtp();
        cluster.start("notify-1", NotifyChannels.settings(smtpPort, webhook.url()));
        schedule(db, "failing").cron("* * * * * ?").operation("fail", "{\"message\": \"disk full\"}")
                .maxConsecutiveFailures(3).insert();

        await().atMost(Duration.ofSeconds(60)).until(() -> count("event = 'FAILED' AND status = 'RATE_LIMITED'") >= 2);
        awaitNothingPending();
        assertThat(count("event = 'FAILED' AND status = 'SENT'")).isEqualTo(2); // one email, one webhook
        List<MimeMessage> failed = emails("[Guardian Orchestrator] FAILED: failing");
        assertThat(failed).hasSize(1);
        assertThat(GreenMailUtil.getBody(failed.get(0))).contains("no retry follows").contains("disk full");
        assertThat(webhooks("FAILED")).hasSize(1);
    }

    @Test
    void aTimeoutIsNotified() throws Exception {
        cluster.start("notify-1", NotifyChannels.settings(0, webhook.url()));
        schedule(db, "slow").cron("0/3 * * * * ?").operation("sleep", "{\"seconds\": 60}").maxDuration("1 second")
                .insert();

        await().atMost(Duration.ofSeconds(60)).until(() -> !webhooks("TIMEOUT").isEmpty());
        JsonNode timeout = webhooks("TIMEOUT").get(0);
        assertThat(timeout.get("schedule").asText()).isEqualTo("slow");
        assertThat(timeout.get("text").asText()).contains("timed out");
    }

    @Test
    void aCriticalGuardianAlertIsNotified() throws Exception {
        db.resetGuardian();
        try {
            db.execute("UPDATE public.performance_alert_thresholds SET is_enabled = (metric_name = 'active_connections'),"
                    + " warning_threshold = -2, critical_threshold = -1");
            cluster.start("notify-1", NotifyChannels.settings(0, webhook.url()));
            schedule(db, "alerts").cron("0/2 * * * * ?")
                    .operation("check_performance_alerts", "{\"enable_auto_responses\": false}").insert();

            await().atMost(Duration.ofSeconds(60)).until(() -> webhooks("ALERT_CRITICAL").size() == 1);
            JsonNode alert = webhooks("ALERT_CRITICAL").get(0);
            assertThat(alert.get("details").get("metric").asText()).isEqualTo("active_connections");
            assertThat(alert.get("text").asText()).contains("CRITICAL alert: active_connections");
            assertThat(alert.get("details").get("alertId").asText()).isEqualTo(scalar(db,
                    "SELECT id FROM public.performance_alerts WHERE severity = 'CRITICAL'"));
        } finally {
            db.resetGuardian();
        }
    }

    @Test
    void anEmailRaisedWhileTheSmtpServerIsDownIsSentOnceItIsUp() throws Exception {
        OrchestratorNode node = cluster.start("notify-1", NotifyChannels.settings(smtpPort, null));
        List<Long> ids = node.notifier().raise(Notices.test("tester"));
        assertThat(ids).hasSize(1);
        long id = ids.get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(id) >= 2);
        assertThat(status(id)).isEqualTo("PENDING");
        assertThat(scalar(db, "SELECT last_error FROM orchestrator.notifications WHERE id = " + id)).isNotBlank();

        startSmtp();

        await().atMost(Duration.ofSeconds(60)).until(() -> "SENT".equals(status(id)));
        assertThat(attempts(id)).isGreaterThan(1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Guardian Orchestrator] TEST");
    }

    @Test
    void aWebhookAnswering500IsRetriedAndSentOnce() throws Exception {
        webhook.answer(500, 500);
        OrchestratorNode node = cluster.start("notify-1", NotifyChannels.settings(0, webhook.url()));
        long id = node.notifier().raise(Notices.test("tester")).get(0);

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(id)));
        assertThat(attempts(id)).isEqualTo(3);
        assertThat(webhook.received()).extracting(WebhookReceiver.Received::status).containsExactly(500, 500, 200);
        assertThat(JSON.readTree(webhook.received().get(2).body()).get("event").asText()).isEqualTo("TEST");
    }

    @Test
    void aWebhookThatNeverAnswers2xxIsRecordedFailedAfterItsLastTry() throws Exception {
        webhook.answer(503, 503, 503, 503);
        NotificationSettings settings = NotifyChannels.settings(0, webhook.url());
        settings.setMaxAttempts(4);
        OrchestratorNode node = cluster.start("notify-1", settings);
        long id = node.notifier().raise(Notices.test("tester")).get(0);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(id)));
        assertThat(attempts(id)).isEqualTo(4);
        assertThat(webhook.received()).extracting(WebhookReceiver.Received::status).containsExactly(503, 503, 503, 503);
        assertThat(scalar(db, "SELECT last_error FROM orchestrator.notifications WHERE id = " + id))
                .contains("the webhook answered 503");
    }

    @Test
    void aScheduleBlockedWhileTwoNodesReconcileIsNotifiedOnce() throws Exception {
        cluster.start("notify-1", NotifyChannels.settings(0, webhook.url()));
        cluster.start("notify-2", NotifyChannels.settings(0, webhook.url()));
        schedule(db, "orphan").dependsOn("no_such_schedule").insert();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("event = 'BLOCKED' AND status = 'SENT'") == 1);
        db.execute("UPDATE orchestrator.maintenance_schedules SET depends_on = '{}' WHERE operation_name = 'orphan'");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("event = 'UNBLOCKED' AND status = 'SENT'") == 1);
        awaitNothingPending();
        assertThat(count("event = 'BLOCKED'")).isEqualTo(1);
        assertThat(webhooks("BLOCKED")).hasSize(1);
        assertThat(webhooks("BLOCKED").get(0).get("details").get("reason").asText()).contains("no_such_schedule");
        assertThat(webhooks("UNBLOCKED")).hasSize(1);
    }

    @Test
    void theSameNoticeRaisedByTwoNodesIsOneNotificationPerChannel() throws Exception {
        startSmtp();
        OrchestratorNode one = cluster.start("notify-1", NotifyChannels.settings(smtpPort, webhook.url()));
        OrchestratorNode two = cluster.start("notify-2", NotifyChannels.settings(smtpPort, webhook.url()));
        Notice notice = Notices.blocked("somewhere", "a cycle", 42);

        assertThat(one.notifier().raise(notice)).hasSize(2);
        assertThat(two.notifier().raise(notice)).isEmpty();
        awaitNothingPending();
        assertThat(count("TRUE")).isEqualTo(2);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(webhooks("BLOCKED")).hasSize(1);
    }

    @Test
    void aSchedulesNotifyChoosesItsEventsAndRecipients() throws Exception {
        startSmtp();
        OrchestratorNode node = cluster.start("notify-1", NotifyChannels.settings(smtpPort, webhook.url()));
        schedule(db, "routed").insert();
        db.execute("UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"SUPPRESSED\"],"
                + " \"email\": [\"dba@guardian.local\"], \"webhook\": false}' WHERE operation_name = 'routed'");

        assertThat(node.notifier().raise(Notices.blocked("routed", "why", 1))).isEmpty();
        List<Long> ids = node.notifier().raise(Notices.suppressed("routed", 3, "t1"));
        assertThat(ids).hasSize(1);
        awaitNothingPending();
        assertThat(scalar(db, "SELECT channel || ' ' || recipient FROM orchestrator.notifications WHERE id = "
                + ids.get(0))).isEqualTo("EMAIL dba@guardian.local");
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("dba@guardian.local");
        assertThat(webhook.arrived()).isEmpty();
    }

    @Test
    void aNotifyWrittenBySqlThatCannotBeReadNotifiesWithTheDefaultsAndTheScheduleKeepsRunning() throws Exception {
        OrchestratorNode node = cluster.start("notify-1", NotifyChannels.settings(0, webhook.url()));
        schedule(db, "odd").cron("* * * * * ?").insert();
        db.execute("UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"NOPE\"]}'"
                + " WHERE operation_name = 'odd'");
        long before = Long.parseLong(scalar(db, "SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name = 'odd'"));

        assertThat(node.notifier().raise(Notices.suppressed("odd", 3, "t1"))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks("SUPPRESSED").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.parseLong(scalar(db, "SELECT count(*)"
                + " FROM orchestrator.job_runs WHERE schedule_name = 'odd' AND status = 'SUCCESS'")) > before);
        assertThat(scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules WHERE operation_name = 'odd'"))
                .isNull();
    }

    private List<MimeMessage> emails(String subject) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject.equals(subjectOf(m))).toList();
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> webhooks(String event) {
        return webhook.received().stream().filter(r -> r.status() == 200).map(r -> readJson(r.body()))
                .filter(json -> event.equals(json.get("event").asText())).toList();
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    private void awaitNothingPending() {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("status = 'PENDING'") == 0);
    }

    private long count(String where) {
        return Long.parseLong(scalar(db, "SELECT count(*) FROM orchestrator.notifications WHERE " + where));
    }

    private String status(long id) {
        return scalar(db, "SELECT status FROM orchestrator.notifications WHERE id = " + id);
    }

    private int attempts(long id) {
        return Integer.parseInt(scalar(db, "SELECT attempts FROM orchestrator.notifications WHERE id = " + id));
    }
}
