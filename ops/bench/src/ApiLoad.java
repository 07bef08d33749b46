package org.guardian.orchestrator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Open-loop HTTP load generator (java.net.http.HttpClient): GET url at a fixed rate, latency of
 * each request measured from its planned send time (so a stall is not hidden by coordinated
 * omission). Usage: ApiLoad &lt;url&gt; &lt;user&gt; &lt;password&gt; &lt;req/s&gt; &lt;seconds&gt; &lt;samples file&gt;
 * [identity|gzip] [warm-up seconds] (the Accept-Encoding sent, identity by default: with gzip the
 * compressed body is read whole, as {@code curl --compressed} or a browser would; the warm-up,
 * 3 s by default, runs at the same rate before the measured seconds and is not recorded, since this
 * client's own JVM is cold at first). A url {@code @file} names a file of URLs, one a line: each
 * request GETs one of them at random (paged requests with random cursors and filters). Prints the
 * error count, warm-up included.
 */
public final class ApiLoad {
    public static void main(String[] args) throws Exception {
        List<URI> uris = args[0].startsWith("@")
                ? Files.readAllLines(Path.of(args[0].substring(1))).stream().filter(l -> !l.isBlank()).map(URI::create).toList()
                : List.of(URI.create(args[0]));
        Random random = new Random(42);
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes());
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String encoding = args.length > 6 ? args[6] : "identity";
        int warmUp = rate * (args.length > 7 ? Integer.parseInt(args[7]) : 3);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger pending = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = warmUp + rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // Send every request whose planned time has come (catches up after a tick was late).
            while (sent.get() < total && start + sent.get() * periodNanos <= now) {
                int index = sent.getAndIncrement();
                long planned = start + index * periodNanos;
                pending.incrementAndGet();
                HttpRequest request = HttpRequest.newBuilder(uris.get(random.nextInt(uris.size()))).header("Authorization", auth)
                        .header("Accept-Encoding", encoding)
                        .timeout(Duration.ofSeconds(10)).GET().build();
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else if (index >= warmUp) {
                        latencies.add((System.nanoTime() - planned) / 1e6);
                    }
                    pending.decrementAndGet();
                });
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        ticker.shutdown();
        long deadline = System.currentTimeMillis() + 15_000;
        while (pending.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Files.writeString(Path.of(args[5]), latencies.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n");
        System.out.println(errors.get() + pending.get());
        System.exit(0);
    }
}
