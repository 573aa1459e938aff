package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TokenIssuer;

/**
 * Several packaged replicas on one Redis and one ClickHouse, as a Deployment with replicas > 1 runs them: they race
 * the migrations, share the outage queue's replay through one consumer group, take over what a killed replica had
 * taken, and obey an emergency mode set on any one of them.
 */
class ReplicasIT {

    private static final Duration CHANGE = Duration.ofSeconds(60);
    private static final String QUEUE = "netra:outage-queue";
    private static final String GROUP = "replayers";

    @AutoClose
    private static final LocalServers servers = LocalServers.start(true);
    private final TokenIssuer issuer = new TokenIssuer();
    private final String admin = issuer.forUser("operator", "admin");
    private final List<PackagedApp> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicasAndRestoreServers() {
        replicas.forEach(PackagedApp::close);
        servers.ensureRunning();
        servers.redis("DEL", "netra:mode");
    }

    private Map<String, String> config(String... overrides) {
        Map<String, String> config = new HashMap<>(servers.serviceConfig());
        config.putAll(issuer.serviceConfig());
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        return config;
    }

    private PackagedApp replica(String name, Map<String, String> config) {
        PackagedApp app = PackagedApp.start(config, Path.of("target/replica-" + name + ".log"));
        replicas.add(app);
        return app;
    }

    @Test
    void replicasStartingTogetherOnAnEmptyClickHouseApplyOneSetOfMigrations() throws Exception {
        servers.query("DROP DATABASE IF EXISTS netra_analytics");
        Map<String, String> config = config();

        List<CompletableFuture<PackagedApp>> starting = new ArrayList<>();
        for (String name : List.of("race-a", "race-b", "race-c")) {
            starting.add(CompletableFuture.supplyAsync(() -> replica(name, config)));
        }
        List<PackagedApp> started = starting.stream().map(CompletableFuture::join).toList();

        for (PackagedApp app : started) {
            Awaitility.await().atMost(CHANGE).until(() -> app.answers("/q/health/ready"));
        }
        long shipped = Files.readAllLines(Path.of("src/main/resources/db/clickhouse/migrations.index")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
        assertEquals(shipped, servers.count("SELECT count() FROM netra_analytics.schema_migrations FINAL"),
                "the ledger holds each shipped migration once");
        assertEquals(1, servers.count("SELECT count() FROM system.tables WHERE database = 'netra_analytics' AND name = 'performance_metrics'"));
    }

    @Test
    void theOutageQueueIsReplayedOnceAcrossReplicas() throws Exception {
        List<PackagedApp> apps = List.of(replica("share-a", config()), replica("share-b", config()), replica("share-c", config()));
        String user = "replicas-" + UUID.randomUUID();
        servers.stopClickHouse();

        List<String> acknowledged = new ArrayList<>();
        for (int request = 0; request < 30; request++) {
            acknowledged.addAll(postQueued(apps.get(request % apps.size()), user, 100));
        }
        servers.startClickHouse();

        for (PackagedApp app : apps) {
            Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
        }
        StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, acknowledged);
        assertEquals(acknowledged.size(), apps.stream().mapToLong(ReplicasIT::replayed).sum(),
                "every queued event was replayed by exactly one replica");
        assertEquals(0, pendingEntries(), "no entry is left taken and unacknowledged");
    }

    @Test
    void whatAKilledReplicaHadTakenIsReplayedByAnother() throws Exception {
        PackagedApp doomed = replica("doomed", config());
        Awaitility.await().atMost(CHANGE).until(() -> doomed.answers("/q/health/ready"));
        String user = "killed-" + UUID.randomUUID();
        setMode(doomed, "clickhouse-disabled");
        List<String> acknowledged = new ArrayList<>();
        for (int request = 0; request < 10; request++) {
            acknowledged.addAll(postQueued(doomed, user, 100));
        }
        // ClickHouse hangs as the replica starts replaying: it takes entries and cannot acknowledge them
        servers.hangClickHouse();
        setMode(doomed, "normal");
        String consumer = consumerOf(doomed);
        Awaitility.await().atMost(CHANGE).until(() -> servers.redis("XPENDING", QUEUE, GROUP).contains(consumer));

        doomed.kill();
        servers.resumeClickHouse();
        PackagedApp survivor = replica("survivor", config("netra.replay.claim-idle", "1s"));

        Awaitility.await().atMost(CHANGE).until(() -> survivor.queueDepth(admin) == 0);
        StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, acknowledged);
        assertEquals(acknowledged.size(), replayed(survivor), "the survivor replayed the dead replica's entries too");
        assertEquals(0, pendingEntries());
    }

    @Test
    void emergencyModeSetOnOneReplicaIsObeyedByAll() throws Exception {
        List<PackagedApp> apps = List.of(replica("mode-a", config()), replica("mode-b", config()), replica("mode-c", config()));
        for (PackagedApp app : apps) {
            Awaitility.await().atMost(CHANGE).until(() -> app.answers("/q/health/ready"));
        }
        String user = "mode-" + UUID.randomUUID();

        setMode(apps.get(0), "clickhouse-disabled");

        // each replica reads the shared mode every netra.mode.refresh: until all have, one may still replay
        for (PackagedApp app : apps) {
            Awaitility.await().atMost(CHANGE).until(() -> app.call("GET", "/api/v1/admin/mode", admin, null).body()
                    .contains("\"mode\":\"clickhouse-disabled\""));
        }
        List<String> acknowledged = new ArrayList<>();
        for (PackagedApp app : apps) {
            acknowledged.addAll(postQueued(app, user, 10));
        }
        assertEquals(0, servers.count("SELECT count() FROM netra_analytics.performance_metrics WHERE user_id = '" + user + "'"),
                "no replica wrote to ClickHouse while it was switched off");

        setMode(apps.get(2), "normal");
        Awaitility.await().atMost(CHANGE).until(() -> apps.get(0).queueDepth(admin) == 0);
        StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, acknowledged);
    }

    private void setMode(PackagedApp app, String mode) throws Exception {
        HttpResponse<String> set = app.call("PUT", "/api/v1/admin/mode", admin, "{\"mode\":\"" + mode + "\"}");
        assertEquals(200, set.statusCode(), set.body());
    }

    /** Posts {@code size} events and expects them all queued (ClickHouse down or switched off); returns their ids. */
    private List<String> postQueued(PackagedApp app, String user, int size) throws Exception {
        List<String> ids = Api.newIds(size);
        HttpResponse<String> receipt = app.call("POST", "/api/v1/metrics", issuer.forUser(user), Api.events(ids, "replicas"));
        assertEquals(202, receipt.statusCode(), receipt.body());
        assertTrue(receipt.body().contains("\"queued\":" + size), receipt.body());
        return ids;
    }

    private long pendingEntries() {
        return Long.parseLong(servers.redis("XPENDING", QUEUE, GROUP).lines().findFirst().orElseThrow().strip());
    }

    private String consumerOf(PackagedApp app) throws Exception {
        Matcher consumer = Pattern.compile("\"consumer\":\"([^\"]+)\"").matcher(app.call("GET", "/api/v1/admin/resilience", admin, null).body());
        assertTrue(consumer.find());
        return consumer.group(1);
    }

    /** The replica's count of events it moved from the queue to ClickHouse. */
    private static long replayed(PackagedApp app) {
        try {
            HttpResponse<String> metrics = app.call("GET", "/q/metrics", null, null);
            Matcher replayed = Pattern.compile("(?m)^netra_ingest_events_replayed_total(?:\\{[^}]*\\})? ([0-9.E+]+)$").matcher(metrics.body());
            return replayed.find() ? (long) Double.parseDouble(replayed.group(1)) : 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
