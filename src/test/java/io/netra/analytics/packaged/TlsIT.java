package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.IngestLoad;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TlsServers;
import io.netra.analytics.support.TlsServers.Certificate;
import io.netra.analytics.support.TokenIssuer;

/**
 * The packaged service in the prod profile over TLS to ClickHouse and Redis, both asking for its client certificate,
 * with trust and keys from PEM files and the ClickHouse password from a secret file. A certificate that must not be
 * trusted (another CA's, another host's) is refused by both stores, named in readiness, in the state metrics and
 * once in the log; meanwhile events queue as in any outage, and nothing acknowledged is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {

    private static final Duration CHANGE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TlsServers servers;
    private TokenIssuer issuer;
    private String admin;

    @BeforeAll
    void startServers() {
        servers = TlsServers.start();
        issuer = new TokenIssuer();
        admin = issuer.forUser("operator", "admin");
    }

    @AfterAll
    void stopServers() {
        servers.close();
    }

    /** Whatever a test did to the certificates, the next one starts with the right ones. */
    @AfterEach
    void restoreCertificates() {
        servers.startClickHouse(Certificate.SERVER);
        servers.startRedis(Certificate.SERVER);
    }

    @Test
    void eventsQueriesReplayAndTheSharedModeGoOverVerifiedTls() throws Exception {
        String user = "tls-" + UUID.randomUUID();
        try (PackagedApp app = start(Map.of(), "tls-healthy")) {
            awaitStates(app, "up", "up");
            Set<String> acknowledged;
            try (IngestLoad load = IngestLoad.start(app.url(), user, issuer.forUser(user), 2, 50)) {
                Awaitility.await().atMost(CHANGE).until(() -> load.acknowledgedCount() >= 500);
                servers.stopClickHouse();
                // acknowledged now means queued in Redis, over TLS
                int beforeOutage = load.acknowledgedCount();
                Awaitility.await().atMost(CHANGE).until(() -> load.acknowledgedCount() >= beforeOutage + 500);
                load.close();
                acknowledged = load.acknowledged();
            }
            assertTrue(app.queueDepth(admin) > 0, "events waited in Redis while ClickHouse was down");
            servers.startClickHouse(Certificate.SERVER);
            Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
            StoredOnce.assertEachAcknowledgedEventStoredOnce(servers.storedEventIds(user), acknowledged);

            JsonNode summary = JSON.readTree(app.call("GET", "/api/v1/metrics/summary?metric=load&interval=1d&from="
                    + (System.currentTimeMillis() - 3_600_000), issuer.forUser(user), null).body());
            long counted = 0;
            for (JsonNode bucket : summary.path("buckets")) {
                counted += bucket.path("count").asLong();
            }
            assertEquals(acknowledged.size(), counted, "the query over TLS counts every event once: " + summary);

            assertEquals(200, app.call("PUT", "/api/v1/admin/mode", admin, "{\"mode\":\"clickhouse-disabled\"}").statusCode());
            assertTrue(servers.redis("GET", "netra:mode").contains("clickhouse-disabled"), "the shared mode is kept in Redis, over TLS");
            assertEquals(200, app.call("PUT", "/api/v1/admin/mode", admin, "{\"mode\":\"normal\"}").statusCode());

            assertFalse(app.log().contains(servers.clickHousePassword()), "the password read from its file is never logged");
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedByBothStoresAndNamed() throws Exception {
        String user = "tls-ca-" + UUID.randomUUID();
        try (PackagedApp app = start(Map.of(), "tls-other-ca")) {
            awaitStates(app, "up", "up");
            servers.startClickHouse(Certificate.OTHER_CA);
            Set<String> acknowledged;
            try (IngestLoad load = IngestLoad.start(app.url(), user, issuer.forUser(user), 2, 50)) {
                Awaitility.await().atMost(CHANGE).until(() -> load.acknowledgedCount() >= 500);
                load.close();
                acknowledged = load.acknowledged();
                assertEquals(0, load.refusedRequests(), "a refused certificate is an outage: events queue, " + load.firstRefusals());
            }
            awaitStates(app, "tls-rejected", "up");
            assertEquals(1.0, metric(app, "netra_clickhouse_state", "tls-rejected"));
            assertEquals(1, occurrences(app.log(), "ClickHouse is tls-rejected (was up): TLS refused, its certificate is not issued by a trusted CA"),
                    "the reason is logged, in words");
            assertEquals(1, occurrences(app.log(), "ClickHouse is tls-rejected"), "once");

            servers.startRedis(Certificate.OTHER_CA);
            awaitStates(app, "tls-rejected", "tls-rejected");
            assertEquals(1.0, metric(app, "netra_redis_state", "tls-rejected"));
            assertEquals(503, app.status("/q/health/ready"), "neither store takes events");
            assertEquals(1, occurrences(app.log(), "Redis is tls-rejected (was up): TLS refused, its certificate is not issued by a trusted CA"));
            assertEquals(1, occurrences(app.log(), "Redis is tls-rejected"), "once");

            servers.startRedis(Certificate.SERVER);
            servers.startClickHouse(Certificate.SERVER);
            awaitStates(app, "up", "up");
            Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
            StoredOnce.assertEachAcknowledgedEventStoredOnce(servers.storedEventIds(user), acknowledged);
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedByBothUnlessVerificationIsExplicitlyOff() throws Exception {
        servers.startClickHouse(Certificate.WRONG_HOST);
        servers.startRedis(Certificate.WRONG_HOST);
        try (PackagedApp app = start(Map.of(), "tls-wrong-host")) {
            awaitStates(app, "tls-rejected", "tls-rejected");
            String hostNameMismatch = "TLS refused, its certificate is not issued for the host name the service connects to";
            assertEquals(1, occurrences(app.log(), "ClickHouse is tls-rejected (was up): " + hostNameMismatch));
            assertEquals(1, occurrences(app.log(), "Redis is tls-rejected (was up): " + hostNameMismatch));
        }
        Map<String, String> verificationOff = Map.of(
                "quarkus.tls.clickhouse.hostname-verification-algorithm", "NONE",
                "quarkus.tls.redis.hostname-verification-algorithm", "NONE");
        try (PackagedApp app = start(verificationOff, "tls-wrong-host-unchecked")) {
            awaitStates(app, "up", "up");
            assertTrue(app.log().contains("ClickHouse TLS does not verify the server's host name"), "turning the check off is warned of");
            assertTrue(app.log().contains("Redis TLS does not verify the server's host name"), "turning the check off is warned of");
        }
    }

    @Test
    void plainTextAndTlsCrossedFailAtOnceAndSayWhich() throws Exception {
        Map<String, String> crossed = Map.of(
                // TLS to the plain-text port, plain text to the TLS port
                "netra.clickhouse.url", "https://localhost:" + servers.clickHouseHttpPort(),
                "quarkus.redis.hosts", "redis://localhost:" + servers.redisTlsPort());
        try (PackagedApp app = start(crossed, "tls-crossed")) {
            awaitStates(app, "tls-rejected", "unreachable");
            assertEquals(1, occurrences(app.log(), "ClickHouse is tls-rejected (was up): TLS refused, it does not speak TLS on that port"));
            assertTrue(app.log().contains("Redis is unreachable (was up)"), app.log());
        }
    }

    @Test
    void storesThatAskForAClientCertificateRefuseTheServiceWithoutOne() throws Exception {
        Map<String, String> config = new HashMap<>(servers.serviceConfig(Path.of("target/tls-no-client-secrets")));
        config.keySet().removeIf(key -> key.contains(".key-store."));
        config.putAll(issuer.serviceConfig());
        try (PackagedApp app = PackagedApp.start(config, Path.of("target/tls-no-client-app.log"))) {
            awaitStates(app, "unreachable", "tls-rejected");
            assertEquals(1, occurrences(app.log(), "Redis is tls-rejected (was up): TLS refused, it wants a client certificate it trusts, and the service sent none or another"), app.log());
        }
    }

    @Test
    void theServiceServesHttpsFromPemFilesWhenAsked() throws Exception {
        int httpsPort = LocalServers.freePort();
        try (PackagedApp app = start(servers.httpsConfig(httpsPort), "tls-https")) {
            HttpClient client = HttpClient.newBuilder().sslContext(servers.trustingTheTestCa()).build();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            String user = "https-" + UUID.randomUUID();
            HttpResponse<String> ingest = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/v1/metrics"))
                    .header("Authorization", "Bearer " + issuer.forUser(user)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + Api.event(UUID.randomUUID().toString(), "https", 1, System.currentTimeMillis()) + "]"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, ingest.statusCode(), ingest.body());
        }
    }

    private PackagedApp start(Map<String, String> overrides, String name) {
        Map<String, String> config = new HashMap<>(servers.serviceConfig(Path.of("target/" + name + "-secrets")));
        config.putAll(issuer.serviceConfig());
        config.putAll(overrides);
        return PackagedApp.start(config, Path.of("target/" + name + "-app.log"));
    }

    private void awaitStates(PackagedApp app, String clickhouse, String redis) {
        Awaitility.await().atMost(CHANGE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode data = JSON.createObjectNode();
            for (JsonNode check : JSON.readTree(app.call("GET", "/q/health/ready", null, null).body()).path("checks")) {
                if (check.path("name").asText().equals("netra-accepts-events")) {
                    data = check.path("data");
                }
            }
            assertEquals(clickhouse + "/" + redis, data.path("clickhouse").asText() + "/" + data.path("redis").asText(), data.toString());
        });
    }

    private static double metric(PackagedApp app, String name, String state) throws Exception {
        var line = Pattern.compile("^" + name + "\\{state=\"" + state + "\"\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(app.call("GET", "/q/metrics", null, null).body());
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
