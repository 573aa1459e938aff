package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TokenIssuer;

/**
 * The packaged service on a Redis Cluster of three masters: with the outage queue's keys under one hash tag the queue
 * holds events while ClickHouse is down and is replayed once; keys without a common tag are refused at startup.
 */
class RedisClusterIT {

    private static final Duration CHANGE = Duration.ofSeconds(60);

    @AutoClose
    private static final LocalServers servers = LocalServers.start(true);
    private final TokenIssuer issuer = new TokenIssuer();

    @BeforeAll
    static void startRedisCluster() {
        servers.startRedisCluster();
    }

    @AfterEach
    void restoreClickHouse() {
        servers.ensureRunning();
    }

    private Map<String, String> config() {
        Map<String, String> config = servers.redisClusterServiceConfig();
        config.putAll(issuer.serviceConfig());
        return config;
    }

    @Test
    void theQueueOnARedisClusterHoldsEventsWhileClickHouseIsDownAndIsReplayedOnce() throws Exception {
        try (PackagedApp app = PackagedApp.start(config(), Path.of("target/redis-cluster-app.log"))) {
            Awaitility.await().atMost(CHANGE).until(() -> app.status("/q/health/group/schema") == 200);
            String user = "redis-cluster-" + UUID.randomUUID();
            String admin = issuer.forUser("operator", "admin");
            servers.stopClickHouse();

            List<String> acknowledged = new ArrayList<>();
            for (int request = 0; request < 10; request++) {
                List<String> ids = Api.newIds(50);
                HttpResponse<String> receipt = app.call("POST", "/api/v1/metrics", issuer.forUser(user), Api.events(ids, "redis-cluster"));
                assertEquals(202, receipt.statusCode(), receipt.body());
                assertTrue(receipt.body().contains("\"queued\":50"), receipt.body());
                acknowledged.addAll(ids);
            }
            assertEquals(String.valueOf(acknowledged.size()), servers.redisCluster("XLEN", "{netra}:outage-queue"));

            servers.startClickHouse();
            Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
            StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, acknowledged);
            assertEquals("0", servers.redisCluster("GET", "{netra}:outage-queue:bytes"));
        }
    }

    @Test
    void keysWithoutACommonHashTagAreRefusedAtStartup() {
        Map<String, String> config = config();
        config.remove("netra.outage-queue.stream-key");
        config.remove("netra.outage-queue.dead-letter-key");

        IllegalStateException exited = assertThrows(IllegalStateException.class,
                () -> PackagedApp.start(config, Path.of("target/redis-cluster-refusal.log")).close());

        assertTrue(exited.getMessage().contains("must share a hash tag"), exited.getMessage());
    }
}
