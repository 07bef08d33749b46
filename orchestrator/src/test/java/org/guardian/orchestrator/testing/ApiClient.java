package org.guardian.orchestrator.testing;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Calls one node's API as a given user; {@code null} user sends no credentials. */
public final class ApiClient {
    private final DropwizardAppExtension<?> app;

    public ApiClient(DropwizardAppExtension<?> app) {
        this.app = app;
    }

    public Response get(String user, String path) {
        return buffered(request(user, path).get());
    }

    public Response post(String user, String path, Object body) {
        return buffered(request(user, path).post(json(body)));
    }

    public Response put(String user, String path, Object body, String ifMatch) {
        Invocation.Builder request = request(user, path);
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return buffered(request.put(json(body)));
    }

    public Response delete(String user, String path) {
        return buffered(request(user, path).delete());
    }

    public Response send(String user, String method, String path, Object body) {
        return buffered(body == null && !method.equals("POST") && !method.equals("PUT")
                ? request(user, path).method(method)
                : request(user, path).method(method, json(body)));
    }

    /**
     * PATCH with a body of {@code contentType} ({@code ifMatch} sent unless null), through the JDK's
     * client (the JAX-RS client's default connector cannot send PATCH), on a connection of its own: a
     * refused request's connection may be closed by the server.
     */
    public HttpResponse<String> patch(String user, String path, String body, String contentType, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30)).header(HttpHeaders.CONTENT_TYPE, contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header(HttpHeaders.AUTHORIZATION, basic(user, ApiTestApp.passwordOf(user)));
        }
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return send(request);
    }

    /** GET through the JDK's client, which does not retry on its own (the JAX-RS client retries a 503). */
    public HttpResponse<String> getOnce(String user, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30)).GET()
                .header(HttpHeaders.AUTHORIZATION, basic(user, ApiTestApp.passwordOf(user)));
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the body at once, so the connection goes back to the pool whether or not the test reads it. */
    public static Response buffered(Response response) {
        response.bufferEntity();
        return response;
    }

    public Invocation.Builder request(String user, String path) {
        Invocation.Builder request = app.client().target("http://localhost:" + app.getLocalPort() + path).request();
        if (user != null) {
            request.header(HttpHeaders.AUTHORIZATION, basic(user, ApiTestApp.passwordOf(user)));
        }
        return request;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Entity<?> json(Object body) {
        return Entity.entity(body == null ? "" : body, MediaType.APPLICATION_JSON_TYPE);
    }
}
