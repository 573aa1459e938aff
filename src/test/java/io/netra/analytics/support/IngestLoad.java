package io.netra.analytics.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.restassured.response.Response;

/**
 * Clients that keep posting batches of new events for one user while a test breaks things, remembering the id of
 * every event the service acknowledged with 202, so the test can count by event id what was stored.
 */
public final class IngestLoad implements AutoCloseable {

    private final String user;
    private final String token;
    private final int batchSize;
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    private IngestLoad(String user, int clients, int batchSize) {
        this.user = user;
        this.token = Tokens.forUser(user);
        this.batchSize = batchSize;
        this.clients = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            this.clients.submit(this::post);
        }
    }

    public static IngestLoad start(String user, int clients, int batchSize) {
        return new IngestLoad(user, clients, batchSize);
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
            Response response = given().auth().oauth2(token).contentType("application/json")
                    .body("[" + String.join(",", events) + "]").post("/api/v1/metrics");
            if (response.statusCode() == 202) {
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
