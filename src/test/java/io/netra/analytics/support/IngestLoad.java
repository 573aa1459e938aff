package io.netra.analytics.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.restassured.RestAssured;

/**
 * Clients that keep posting batches of new events for one user while a test breaks things, remembering the id of
 * every event the service acknowledged with 202, so the test can count by event id what was stored. A request that
 * got no answer (connection lost) counts as refused: its events may or may not be stored.
 */
public final class IngestLoad implements AutoCloseable {

    private final String user;
    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String token;
    private final int batchSize;
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    /** One request: when it was sent, how long its answer took, and its status (-1: no answer). */
    public record Answer(Instant sent, Duration took, int status) {
    }

    private IngestLoad(URI baseUri, String user, String token, int clients, int batchSize) {
        this.baseUri = baseUri;
        this.user = user;
        this.token = token;
        this.batchSize = batchSize;
        this.clients = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            this.clients.submit(this::post);
        }
    }

    /** Load on the application under test (the one Quarkus started in this JVM). */
    public static IngestLoad start(String user, int clients, int batchSize) {
        return new IngestLoad(URI.create(RestAssured.baseURI + ":" + RestAssured.port), user, Tokens.forUser(user), clients, batchSize);
    }

    /** Load on the service at {@code baseUri}, for example a packaged application, with a token it trusts. */
    public static IngestLoad start(String baseUri, String user, String token, int clients, int batchSize) {
        return new IngestLoad(URI.create(baseUri), user, token, clients, batchSize);
    }

    private void post() {
        while (running.get()) {
            List<String> ids = new ArrayList<>();
            List<String> events = new ArrayList<>();
            Instant sent = Instant.now();
            long now = sent.toEpochMilli();
            for (int i = 0; i < batchSize; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                events.add(Api.event(id, "load", i, now));
            }
            HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/api/v1/metrics"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]")).build();
            int status;
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status != 202 && refusals.size() < 5) {
                    refusals.add(status + " " + response.body().substring(0, Math.min(300, response.body().length())));
                }
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            answers.add(new Answer(sent, Duration.ofNanos(System.nanoTime() - started), status));
            if (status == 202) {
                ids.forEach(id -> acknowledged.put(id, sent));
            } else {
                refused.incrementAndGet();
            }
        }
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged.keySet());
    }

    /** The events acknowledged for requests sent after {@code instant}. */
    public Set<String> acknowledgedSince(Instant instant) {
        return acknowledged.entrySet().stream().filter(entry -> entry.getValue().isAfter(instant)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Every request in flight at some moment from {@code from} to {@code to}: sent before {@code to}, answered after {@code from}. */
    public List<Answer> answersDuring(Instant from, Instant to) {
        return answers.stream().filter(answer -> answer.sent().isBefore(to) && answer.sent().plus(answer.took()).isAfter(from)).toList();
    }

    /** The first few answers other than 202, status and body, to say why. */
    public List<String> firstRefusals() {
        return List.copyOf(refusals);
    }

    public int refusedRequests() {
        return refused.get();
    }

    public String user() {
        return user;
    }

    /** Stops the clients after their requests in flight have been answered. */
    @Override
    public void close() {
        running.set(false);
        clients.shutdown();
        try {
            if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load clients did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
