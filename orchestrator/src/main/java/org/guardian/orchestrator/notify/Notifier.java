package org.guardian.orchestrator.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.core.NotificationEvent;
import org.guardian.orchestrator.core.NotifySpec;
import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.db.NotificationDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a notice into notifications: one per configured channel that the schedule's
 * {@code notify} lets it reach, each recorded (once per dedupe key; RATE_LIMITED within the rate
 * limit) and, when PENDING, handed to a persistent Quartz job that sends it.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotificationSettings settings;
    private final NotificationDao dao;
    private final NotificationJobs jobs;
    private final ObjectMapper json;
    private final String nodeId;
    private final Clock clock;

    public Notifier(NotificationSettings settings, NotificationDao dao, NotificationJobs jobs, ObjectMapper json,
                    String nodeId, Clock clock) {
        this.settings = settings;
        this.dao = dao;
        this.jobs = jobs;
        this.json = json;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public boolean anyChannel() {
        return settings.anyChannel();
    }

    /** Tells the notice, never throwing: a notification that cannot be raised is logged. */
    public void tell(Notice notice) {
        if (!settings.anyChannel()) {
            return;
        }
        try {
            raise(notice);
        } catch (Exception e) {
            LOG.warn("Could not raise the {} notification of {}: {}", notice.event(), notice.scope(), e.toString());
        }
    }

    /** @return the ids of the notifications recorded for it (none when noticed before or routed nowhere) */
    public List<Long> raise(Notice notice) throws Exception {
        NotifySpec spec = specOf(notice.schedule());
        if (notice.schedule() != null && !spec.notifies(notice.event())) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        if (settings.getEmail().enabled()) {
            List<String> to = spec.email() != null ? spec.email() : settings.getEmail().recipients();
            if (!to.isEmpty()) {
                record(notice, Channel.EMAIL, String.join(",", to)).ifPresent(ids::add);
            }
        }
        if (settings.getWebhook().enabled() && spec.webhookOn()) {
            record(notice, Channel.WEBHOOK, settings.getWebhook().getUrl()).ifPresent(ids::add);
        }
        return ids;
    }

    private Optional<Long> record(Notice notice, Channel channel, String recipient) throws Exception {
        Instant now = clock.instant();
        NotificationDao.New row = new NotificationDao.New(notice.event().name(), notice.schedule(), notice.scope(),
                channel.name(), recipient, notice.subject(), notice.text(), payload(notice, now), notice.dedupeKey(),
                now, nodeId);
        Instant limitFrom = notice.event() == NotificationEvent.TEST ? null : now.minus(settings.getRateLimit());
        Optional<NotificationDao.Raised> raised = dao.raise(row, limitFrom);
        if (raised.isEmpty()) {
            LOG.debug("{} of {} on {} was noticed already", notice.event(), notice.scope(), channel);
            return Optional.empty();
        }
        long id = raised.get().id();
        if ("RATE_LIMITED".equals(raised.get().status())) {
            LOG.info("Notification {} ({} of {}, {}) held back by the rate limit", id, notice.event(), notice.scope(), channel);
            return Optional.of(id);
        }
        try {
            jobs.schedule(id, channel, recipient, notice);
        } catch (Exception e) {
            dao.tryFailed(id, "FAILED", "could not schedule its sending: " + e.getMessage());
            throw e;
        }
        LOG.info("Notification {} ({} of {}) to {} {}", id, notice.event(), notice.scope(), channel, recipient);
        return Optional.of(id);
    }

    /** The webhook's JSON: {@code text} for Slack/Mattermost-style hooks, and the structured event. */
    private String payload(Notice notice, Instant at) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", notice.subject() + "\n" + notice.text());
        body.put("event", notice.event().name());
        body.put("schedule", notice.schedule());
        body.put("subject", notice.subject());
        body.put("message", notice.text());
        body.put("details", notice.details());
        body.put("raisedBy", nodeId);
        body.put("at", at.toString());
        return json.writeValueAsString(body);
    }

    /** The schedule's {@code notify}; a value that does not parse (written by SQL) is logged and the defaults apply. */
    private NotifySpec specOf(String schedule) {
        if (schedule == null) {
            return NotifySpec.DEFAULTS;
        }
        Optional<String> text = dao.notifyOf(schedule);
        if (text.isEmpty()) {
            return NotifySpec.DEFAULTS;
        }
        try {
            return NotifySpec.parse(json.readTree(text.get()));
        } catch (RefusedException | JsonProcessingException e) {
            LOG.warn("Schedule {} has a notify that cannot be used ({}); notifying with the defaults", schedule,
                    e.getMessage());
            return NotifySpec.DEFAULTS;
        }
    }
}
