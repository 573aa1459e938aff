package io.netra.analytics.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Sends requests with a fixed number in flight and records each one's latency; for benchmarks, not tests. */
final class LoadDriver {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Result(String name, int requests, int concurrency, int failures, double seconds, double[] latenciesMillis) {
        double throughput() {
            return requests / seconds;
        }

        double percentile(double p) {
            double[] sorted = latenciesMillis.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }

        String row() {
            return String.format("| %s | %d | %d | %d | %.0f | %.1f | %.1f | %.1f |", name, requests, concurrency, failures,
                    throughput(), percentile(0.50), percentile(0.95), percentile(0.99));
        }
    }

    static final String HEADER = "| scenario | requests | concurrency | failures | requests/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|---|";

    Result run(String name, int requests, int concurrency, IntFunction<HttpRequest> request, int expectedStatus) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        double[] latencies = new double[requests];
        AtomicInteger failures = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            int index = i;
            long sent = System.nanoTime();
            all[i] = http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                latencies[index] = (System.nanoTime() - sent) / 1e6;
                if (error != null || response.statusCode() != expectedStatus) {
                    failures.incrementAndGet();
                }
                inFlight.release();
            });
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).join();
        return new Result(name, requests, concurrency, failures.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    static URI uri(String url) {
        return URI.create(url);
    }

    static void report(String file, String title, List<String> lines) throws Exception {
        Path path = Path.of("target/benchmarks", file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "# " + title + "\n\n" + String.join("\n", lines) + "\n");
        System.out.println(Files.readString(path));
    }
}
