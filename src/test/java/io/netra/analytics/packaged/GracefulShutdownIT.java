package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TokenIssuer;

/**
 * SIGTERM to the packaged application while clients post, as Kubernetes stops a pod: every request it had
 * received gets its answer (no connection reset), every event it acknowledged with 202 is stored, and the process
 * exits within the shutdown timeout, well inside the pod's grace period.
 */
class GracefulShutdownIT {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final int CLIENTS = 8;
    private static final int EVENTS_PER_REQUEST = 50;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> brokenConnections = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedWhileStopping = new AtomicInteger();

    @Test
    void sigtermUnderLoadAnswersEveryRequestItReceivedAndStoresEveryAcknowledgedEvent() throws Exception {
        try (LocalServers servers = LocalServers.start(true)) {
            TokenIssuer issuer = new TokenIssuer();
            Map<String, String> config = new HashMap<>(servers.serviceConfig());
            config.putAll(issuer.serviceConfig());
            config.put("quarkus.shutdown.timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
            String user = "sigterm-" + UUID.randomUUID();
            String token = issuer.forUser(user);
            try (PackagedApp app = PackagedApp.start(config, Path.of("target/graceful-shutdown-app.log"))) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.answers("/q/health/ready"));
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int i = 0; i < CLIENTS; i++) {
                    clients.submit(() -> postUntilRefused(app.url(), token));
                }
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 5_000);

                app.terminate();

                clients.shutdown();
                assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "every client got its answers");
                Awaitility.await().atMost(SHUTDOWN_TIMEOUT.plusSeconds(5)).until(() -> !app.isAlive());
                assertEquals(List.of(), brokenConnections, "a request the service received lost its connection");
                assertTrue(app.log().contains("stopped in"), "Quarkus finished its shutdown:\n" + app.log());
            }
            // events it had to queue are replayed by the next replica; wait for an empty queue, then count
            try (PackagedApp next = PackagedApp.start(config, Path.of("target/graceful-shutdown-next.log"))) {
                String admin = issuer.forUser("operator", "admin");
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> next.queueDepth(admin) == 0);
            }
            StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, acknowledged);
        }
    }

    /** Posts batches until the service turns requests away, as a well-behaved client honouring 503 does. */
    private void postUntilRefused(String url, String token) {
        while (true) {
            List<String> ids = new ArrayList<>();
            List<String> events = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                events.add(Api.event(id, "sigterm", i, now));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]")).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    acknowledged.addAll(ids);
                } else {
                    refusedWhileStopping.incrementAndGet();
                    return;
                }
            } catch (ConnectException closed) {
                return;
            } catch (IOException broken) {
                brokenConnections.add(broken.toString());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

}
