package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.IngestLoad;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TokenIssuer;

/**
 * The packaged service on Redis Sentinel (a master, two replicas, three Sentinels): the master killed under load
 * while ClickHouse is down, so every acknowledged event lives only in Redis. With
 * {@code netra.outage-queue.replicas-to-acknowledge=1} a 202 means a replica holds the events too, so the failover
 * loses none of them; the service follows the new master (which still has a replica to confirm its writes) and
 * replays everything once ClickHouse returns.
 */
class SentinelIT {

    private static final Duration FAILOVER = Duration.ofSeconds(60);

    @Test
    void theRedisMasterKilledUnderLoadLosesNoAcknowledgedEvent() throws Exception {
        try (LocalServers servers = LocalServers.start(true)) {
            servers.startRedisReplicas();
            servers.startSentinels();
            TokenIssuer issuer = new TokenIssuer();
            Map<String, String> config = new HashMap<>(servers.sentinelServiceConfig());
            config.putAll(issuer.serviceConfig());
            config.put("netra.outage-queue.replicas-to-acknowledge", "1");
            String user = "sentinel-" + UUID.randomUUID();
            try (PackagedApp app = PackagedApp.start(config, Path.of("target/sentinel-app.log"))) {
                Awaitility.await().atMost(FAILOVER).until(() -> app.answers("/q/health/ready"));
                int firstMaster = servers.redisMasterPort();
                servers.stopClickHouse();

                try (IngestLoad load = IngestLoad.start(app.url(), user, issuer.forUser(user), 4, 20)) {
                    Awaitility.await().atMost(FAILOVER).until(() -> load.acknowledgedCount() >= 2_000);

                    servers.killRedis();

                    Awaitility.await().atMost(FAILOVER).until(() -> servers.redisMasterPort() != firstMaster);
                    int beforeRecovery = load.acknowledgedCount();
                    // the service writes to the new master: acknowledgements resume
                    Awaitility.await().atMost(FAILOVER).until(() -> load.acknowledgedCount() >= beforeRecovery + 2_000);
                    load.close();

                    servers.startClickHouse();
                    String admin = issuer.forUser("operator", "admin");
                    Awaitility.await().atMost(FAILOVER).until(() -> app.queueDepth(admin) == 0);
                    StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, load.acknowledged());
                    assertNotEquals(firstMaster, servers.redisMasterPort(), "the Sentinels promoted the replica");
                }
            }
        }
    }
}
