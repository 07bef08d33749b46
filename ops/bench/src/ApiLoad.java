package org.guardian.orchestrator.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Open-loop HTTP load generator: GET url at a fixed rate, latency of each request measured from its
 * planned send time (so a stall, or a wait for one of its 64 threads, is not hidden by coordinated
 * omission). Blocking HttpURLConnection with keep-alive, run with C1 only and the serial collector
 * (run.sh): it shares the 2 cores with the node it measures, and java.net.http.HttpClient on a
 * default JVM took five times its CPU (NOTES.md). Usage: ApiLoad &lt;url&gt; &lt;user&gt; &lt;password&gt;
 * &lt;req/s&gt; &lt;seconds&gt; &lt;samples file&gt; [identity|gzip] [warm-up seconds] (the Accept-Encoding
 * sent, identity by default: with gzip the compressed body is read whole, as {@code curl
 * --compressed} or a browser would; the warm-up, 3 s by default, runs at the same rate before the
 * measured seconds and is not recorded, since this client's own JVM is cold at first). A url
 * {@code @file} names a file of URLs, one a line: each request GETs one of them at random (paged
 * requests with random cursors and filters). Prints the error count, warm-up included.
 */
public final class ApiLoad {
    public static void main(String[] args) throws Exception {
        System.setProperty("http.maxConnections", "64"); // keep-alive for every sender thread
        List<URI> uris = args[0].startsWith("@")
                ? Files.readAllLines(Path.of(args[0].substring(1))).stream().filter(l -> !l.isBlank()).map(URI::create).toList()
                : List.of(URI.create(args[0]));
        Random random = new Random(42);
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes());
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String encoding = args.length > 6 ? args[6] : "identity";
        int warmUp = rate * (args.length > 7 ? Integer.parseInt(args[7]) : 3);
        ExecutorService senders = Executors.newFixedThreadPool(64);
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
                URI uri = uris.get(random.nextInt(uris.size()));
                senders.execute(() -> {
                    if (!get(uri, auth, encoding)) {
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

    /** One GET, its body read whole and dropped; true when it answered 200. */
    private static boolean get(URI uri, String auth, String encoding) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(10_000);
            connection.setRequestProperty("Authorization", auth);
            connection.setRequestProperty("Accept-Encoding", encoding);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            return status == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
