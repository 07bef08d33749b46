package org.guardian.orchestrator.notify;

import com.icegreen.greenmail.util.GreenMail;
import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.NotifyChannels;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * SMTP login: a node process configured through config.yml's environment variables
 * ({@code ORCH_SMTP_USER}, {@code ORCH_SMTP_PASSWORD}) sends to a GreenMail that knows one user.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NotificationSmtpAuthIT {
    private static final String LOGIN = "orchestrator";
    private static final String PASSWORD = "s3cret-smtp";
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private GreenMail smtp;
    private int smtpPort;

    @BeforeEach
    void server() throws Exception {
        smtpPort = NotifyChannels.freePort();
        smtp = NotifyChannels.smtp(smtpPort);
        smtp.setUser(NotifyChannels.FROM, LOGIN, PASSWORD);
        smtp.start();
        schedule(db, "doomed").cron("* * * * * ?").operation("fail", "{\"message\": \"disk full\"}")
                .maxConsecutiveFailures(1).insert();
        db.execute("UPDATE orchestrator.maintenance_schedules SET notify = '{\"events\": [\"SUPPRESSED\"]}'"
                + " WHERE operation_name = 'doomed'");
    }

    @AfterEach
    void stopServer() {
        smtp.stop();
    }

    @Test
    void theRightPasswordFromTheEnvironmentLogsInAndSends() throws Exception {
        try (NodeProcess node = NodeProcess.start(db, "smtp-auth", env(PASSWORD))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> "SENT".equals(status()));
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Guardian Orchestrator] SUPPRESSED: doomed");
            assertThat(node.log()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aWrongPasswordEndsFailedWithTheServersRefusalAfterItsTries() throws Exception {
        try (NodeProcess node = NodeProcess.start(db, "smtp-auth", env("wrong-password"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> "FAILED".equals(status()));
            assertThat(scalar(db, "SELECT attempts FROM orchestrator.notifications WHERE event = 'SUPPRESSED'"))
                    .isEqualTo("2");
            assertThat(scalar(db, "SELECT last_error FROM orchestrator.notifications WHERE event = 'SUPPRESSED'"))
                    .contains("535").contains("Authentication");
            assertThat(smtp.getReceivedMessages()).isEmpty();
        }
    }

    private Map<String, String> env(String password) {
        return Map.of("ORCH_SMTP_HOST", "127.0.0.1", "ORCH_SMTP_PORT", String.valueOf(smtpPort),
                "ORCH_SMTP_USER", LOGIN, "ORCH_SMTP_PASSWORD", password, "ORCH_SMTP_FROM", NotifyChannels.FROM,
                "ORCH_SMTP_TO", NotifyChannels.TO, "ORCH_NOTIFY_MAX_ATTEMPTS", "2",
                "ORCH_NOTIFY_RETRY_BACKOFF", "PT0.3S");
    }

    private String status() {
        return scalar(db, "SELECT status FROM orchestrator.notifications WHERE event = 'SUPPRESSED'");
    }
}
