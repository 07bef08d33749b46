package org.guardian.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver in the test JVM (the JDK's HTTP server): records every POST and answers the
 * statuses queued with {@link #answer}, then 200. {@link #holdFirst} keeps the first request
 * unanswered until {@link #release}, as a receiver that hangs while its sender dies.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request and the status it got. */
    public record Received(String body, int status) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holdFirst;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        receiver.server.createContext("/hook", receiver::handle);
        receiver.server.setExecutor(receiver.threads);
        receiver.server.start();
        return receiver;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests get these statuses, in order. */
    public void answer(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
    }

    public void holdFirst() {
        holdFirst = true;
    }

    public void release() {
        released.countDown();
    }

    /** The requests answered, with their status. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every request's body as it arrived, answered or not. */
    public List<String> arrived() {
        return List.copyOf(arrived);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        arrived.add(body);
        if (arrivals.incrementAndGet() == 1 && holdFirst) {
            try {
                released.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer queued = answers.poll();
        int status = queued == null ? 200 : queued;
        byte[] answer = ("{\"status\": " + status + "}").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, answer.length);
            out.write(answer);
        } finally {
            received.add(new Received(body, status));
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
