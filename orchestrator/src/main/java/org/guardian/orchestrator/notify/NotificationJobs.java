package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.config.EmailSettings;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.core.Notification;
import org.guardian.orchestrator.db.NotificationDao;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.jobs.ee.mail.SendMailJob;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * The Quartz side of notifications: one persistent job per notification in group
 * {@link QuartzKeys#NOTIFICATIONS}, an {@link EmailNotificationJob} (quartz-jobs' SendMailJob, its
 * job data the mail without the password) or a {@link WebhookNotificationJob}; and the factory that
 * gives Quartz those jobs wired to this node. Jobs request recovery: a node that dies while sending
 * has the notification sent again by another node (it may then arrive twice).
 */
public final class NotificationJobs implements JobFactory {
    static final String DATA_ID = "notificationId";
    static final String DATA_URL = "url";

    private final NotificationSettings settings;
    private final Delivery delivery;
    private final NotificationDao dao;
    private final HttpClient http;
    private final Clock clock;
    private volatile Scheduler scheduler;

    public NotificationJobs(NotificationSettings settings, Delivery delivery, NotificationDao dao, Clock clock) {
        this.settings = settings;
        this.dao = dao;
        this.clock = clock;
        this.delivery = delivery;
        this.http = HttpClient.newBuilder().connectTimeout(settings.getWebhook().getTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void connect(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        if (type == EmailNotificationJob.class) {
            return new EmailNotificationJob(delivery, settings.getEmail().getPassword());
        }
        if (type == WebhookNotificationJob.class) {
            return new WebhookNotificationJob(delivery, dao, http, settings.getWebhook().getTimeout());
        }
        throw new SchedulerException("No job of class " + type.getName() + " on this node");
    }

    /** Stores the notification's job and its first trigger, due now. */
    void schedule(long id, Channel channel, String recipient, Notice notice) throws SchedulerException {
        store(id, channel, recipient, notice.subject(), message(notice.text(), notice.details()), 1);
    }

    /**
     * Stores again the job of a PENDING notification whose job is missing, its next try due now.
     *
     * @return false when its job exists (stored meanwhile, by its raiser or another node's sweep)
     */
    boolean reschedule(Notification row, Map<String, Object> details) throws SchedulerException {
        if (scheduler.checkExists(jobKey(row.id()))) {
            return false;
        }
        try {
            store(row.id(), Channel.valueOf(row.channel()), row.recipient(), row.subject(),
                    message(row.body(), details), row.attempts() + 1);
            return true;
        } catch (ObjectAlreadyExistsException e) {
            return false;
        }
    }

    private static String message(String text, Map<String, Object> details) {
        return text + "\n\nDetails: " + details + "\n";
    }

    private void store(long id, Channel channel, String recipient, String subject, String message, int attempt)
            throws SchedulerException {
        JobDataMap data = channel == Channel.EMAIL ? mail(recipient, subject, message) : new JobDataMap();
        data.put(DATA_ID, String.valueOf(id));
        if (channel == Channel.WEBHOOK) {
            data.put(DATA_URL, recipient);
        }
        JobDetail job = JobBuilder.newJob(channel == Channel.EMAIL ? EmailNotificationJob.class : WebhookNotificationJob.class)
                .withIdentity(jobKey(id)).usingJobData(data).requestRecovery(true).build();
        scheduler.scheduleJob(job, trigger(job.getKey(), attempt, clock.instant()));
    }

    static JobKey jobKey(long id) {
        return JobKey.jobKey("notification-" + id, QuartzKeys.NOTIFICATIONS);
    }

    /** Try {@code attempt} of a notification's job, due at {@code at}. */
    static Trigger trigger(JobKey job, int attempt, Instant at) {
        return TriggerBuilder.newTrigger().withIdentity(job.getName() + "#" + attempt, QuartzKeys.NOTIFICATIONS)
                .forJob(job).startAt(Date.from(at)).build();
    }

    /** SendMailJob's job data: the server, the mail, timeouts and TLS; the password stays in the node's settings. */
    private JobDataMap mail(String recipient, String subject, String message) {
        EmailSettings email = settings.getEmail();
        JobDataMap data = new JobDataMap();
        data.put(SendMailJob.PROP_SMTP_HOST, email.getHost());
        data.put(SendMailJob.PROP_RECIPIENT, recipient);
        data.put(SendMailJob.PROP_SENDER, email.getFrom());
        data.put(SendMailJob.PROP_SUBJECT, subject);
        data.put(SendMailJob.PROP_MESSAGE, message);
        data.put(SendMailJob.PROP_CONTENT_TYPE, "text/plain; charset=UTF-8");
        if (!email.getUser().isBlank()) {
            data.put(SendMailJob.PROP_USERNAME, email.getUser());
            data.put("mail.smtp.auth", "true");
        }
        String millis = String.valueOf(email.getTimeout().toMillis());
        data.put("mail.smtp.port", String.valueOf(email.getPort()));
        data.put("mail.smtp.connectiontimeout", millis);
        data.put("mail.smtp.timeout", millis);
        data.put("mail.smtp.writetimeout", millis);
        if (email.getTls() == EmailSettings.Tls.STARTTLS) {
            data.put("mail.smtp.starttls.enable", "true");
            data.put("mail.smtp.starttls.required", "true");
        } else if (email.getTls() == EmailSettings.Tls.SMTPS) {
            data.put("mail.smtp.ssl.enable", "true");
        }
        return data;
    }
}
