package org.guardian.orchestrator.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import org.quartz.JobExecutionContext;
import org.quartz.jobs.ee.mail.SendMailJob;

import java.util.Properties;

/**
 * An email notification: quartz-jobs' {@link SendMailJob} sends it, inside a {@link Delivery}. Its
 * session is a new one per send ({@code Session.getInstance}: SendMailJob's default instance would
 * keep the first server of the JVM), authenticated with the node's configured password, which is
 * never in the job data.
 */
public final class EmailNotificationJob extends SendMailJob {
    private final Delivery delivery;
    private final String password;

    EmailNotificationJob(Delivery delivery, String password) {
        this.delivery = delivery;
        this.password = password;
    }

    @Override
    public void execute(JobExecutionContext context) {
        delivery.deliver(context, id -> super.execute(context));
    }

    @Override
    protected Session getMailSession(MailInfo mail) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", mail.getSmtpHost());
        properties.putAll(mail.getSmtpProperties());
        Authenticator authenticator = null;
        if (mail.getUsername() != null) {
            String user = mail.getUsername();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        return Session.getInstance(properties, authenticator);
    }
}
