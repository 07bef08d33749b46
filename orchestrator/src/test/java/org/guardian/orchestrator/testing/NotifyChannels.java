package org.guardian.orchestrator.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.guardian.orchestrator.config.NotificationSettings;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

/** Notification settings for tests: a local SMTP server (GreenMail) and webhook receiver, quick retries. */
public final class NotifyChannels {
    public static final String FROM = "orchestrator@guardian.local";
    public static final String TO = "oncall@guardian.local";

    private NotifyChannels() {
    }

    /** Email to {@code smtpPort} on 127.0.0.1 (0: no email) and the webhook {@code url} (null: none). */
    public static NotificationSettings settings(int smtpPort, String url) {
        NotificationSettings settings = new NotificationSettings();
        if (smtpPort > 0) {
            settings.getEmail().setHost("127.0.0.1");
            settings.getEmail().setPort(smtpPort);
            settings.getEmail().setFrom(FROM);
            settings.getEmail().setTo(TO);
            settings.getEmail().setTimeout(Duration.ofSeconds(2));
        }
        if (url != null) {
            settings.getWebhook().setUrl(url);
            settings.getWebhook().setTimeout(Duration.ofSeconds(5));
        }
        settings.setRetryBackoff(Duration.ofMillis(300));
        settings.setMaxAttempts(10);
        return settings;
    }

    /** A GreenMail SMTP server on {@code port} of 127.0.0.1, not started. */
    public static GreenMail smtp(int port) {
        return new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    /** A port nobody listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
