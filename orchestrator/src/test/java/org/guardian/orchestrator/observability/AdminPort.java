package org.guardian.orchestrator.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** Reads a running node's admin port: /healthcheck, /metrics, /prometheus. */
final class AdminPort {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    AdminPort(int port) {
        this.port = port;
    }

    String get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode health(String check) {
        return json("/healthcheck").path(check);
    }

    JsonNode json(String path) {
        try {
            return JSON.readTree(get(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Dropwizard metric from /metrics: its "count" (meters, timers, histograms) or "value" (gauges). */
    long metric(String name) {
        JsonNode metrics = json("/metrics");
        for (String kind : new String[]{"meters", "timers", "histograms"}) {
            JsonNode metric = metrics.path(kind).path(name);
            if (!metric.isMissingNode()) {
                return metric.path("count").asLong();
            }
        }
        JsonNode gauge = metrics.path("gauges").path(name);
        return gauge.isMissingNode() ? -999 : gauge.path("value").asLong();
    }

    /** Every sample of /prometheus, keyed by its name and labels as written (e.g. {@code x_total{a="b"}}). */
    Map<String, Double> prometheus() {
        Map<String, Double> samples = new HashMap<>();
        for (String line : get("/prometheus").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
