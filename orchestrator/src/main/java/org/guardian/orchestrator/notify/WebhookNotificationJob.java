package org.guardian.orchestrator.notify;

import org.guardian.orchestrator.db.NotificationDao;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A webhook notification: its JSON payload POSTed to the URL; any answer but 2xx is a failed try. */
public final class WebhookNotificationJob implements Job {
    private static final int MAX_ANSWER = 200;

    private final Delivery delivery;
    private final NotificationDao dao;
    private final HttpClient http;
    private final Duration timeout;

    WebhookNotificationJob(Delivery delivery, NotificationDao dao, HttpClient http, Duration timeout) {
        this.delivery = delivery;
        this.dao = dao;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String url = context.getMergedJobDataMap().getString(NotificationJobs.DATA_URL);
        delivery.deliver(context, id -> post(url, dao.payload(id).orElseThrow()));
    }

    private void post(String url, String payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            String body = answer.body() == null ? "" : answer.body();
            throw new IOException("the webhook answered " + answer.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), MAX_ANSWER)));
        }
    }
}
