package io.netra.analytics.ingest;

import static io.netra.analytics.support.Api.batch;
import static io.netra.analytics.support.Api.postEvents;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.ingest.DeadLetters.DeadLetter;
import io.netra.analytics.ingest.EvictionPolicyCheck.UnsafeEvictionPolicyException;
import io.netra.analytics.support.Admin;
import io.netra.analytics.support.LocalServersResource;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The outage queue holds what its bounds allow and refuses the rest whole; a Redis that may evict it is refused; with
 * {@code replicas-to-acknowledge} a batch no replica confirmed is refused. The Redis here has replicas throughout.
 */
@QuarkusTest
@TestProfile(QueueBoundsAndRedisPolicyTest.SmallQueue.class)
class QueueBoundsAndRedisPolicyTest extends RealServersTest {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the replayer would take (or set aside) what these tests put in the queue between two of their calls
            return Map.of("netra.outage-queue.max-events", "40", "netra.outage-queue.max-bytes", "8000",
                    "netra.outage-queue.replicas-to-acknowledge", "1", "netra.replay.interval", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServersResource.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    OutageQueue queue;
    @Inject
    DeadLetters deadLetters;
    @Inject
    ReactiveRedisDataSource reactiveRedis;
    @Inject
    RedisDataSource redis;
    @Inject
    NetraConfig config;

    @BeforeEach
    @AfterEach
    void emptyStreams() {
        servers.ensureRunning();
        servers.startRedisReplicas();
        servers.redis("CONFIG", "SET", "maxmemory-policy", "noeviction");
        servers.redis("ACL", "SETUSER", "default", "+@all");
        redis.key().del(config.outageQueue().streamKey(), config.outageQueue().streamKey() + ":bytes", config.outageQueue().deadLetterKey());
    }

    private static List<EventRow> rows(int count, int bytes) {
        return Collections.nCopies(count, EventRow.of("x".repeat(bytes)));
    }

    private OutageQueueUnavailableException refusal(OutageQueue target, List<EventRow> rows) {
        return assertInstanceOf(OutageQueueUnavailableException.class,
                assertThrows(RuntimeException.class, () -> target.enqueue(rows).await().atMost(WAIT)));
    }

    @Test
    void beyondEitherBoundABatchIsRefusedWholeAndTheQueueKeepsWhatItHad() {
        queue.enqueue(rows(30, 10)).await().atMost(WAIT);

        assertTrue(refusal(queue, rows(11, 10)).getMessage().contains("netra.outage-queue.max-events"));
        assertTrue(refusal(queue, rows(1, 8000)).getMessage().contains("netra.outage-queue.max-bytes"));
        assertEquals(30, queue.depth().await().atMost(WAIT));
        assertEquals(300, queue.bytes().await().atMost(WAIT));
        queue.enqueue(rows(10, 10)).await().atMost(WAIT);
        assertEquals(40, queue.depth().await().atMost(WAIT));
    }

    @Test
    void whenClickHouseIsDownAndTheQueueIsFullIngestionAnswers503NamingTheEvents() {
        servers.stopClickHouse();
        int accepted = 0;
        while (accepted < 40) {
            int status = postEvents("bounded", batch("bounded", 10)).extract().statusCode();
            if (status == 503) {
                break;
            }
            accepted += 10;
        }
        postEvents("bounded", batch("bounded", 10)).statusCode(503).contentType("application/problem+json").body("eventIds", hasSize(10));
        assertTrue(queue.depth().await().atMost(WAIT) <= 40);
    }

    @Test
    void aBatchNoReplicaConfirmedIsRefusedAndSaysSo() {
        servers.stopRedisReplicas();

        assertTrue(refusal(queue, rows(1, 10)).getMessage().contains("only 0 of 1 Redis replicas confirmed"));
    }

    @Test
    void requeueStopsAtTheBoundAndSaysSo() {
        for (int i = 0; i < 30; i++) {
            redis.stream(String.class).xadd(config.outageQueue().deadLetterKey(), Map.of("row", "y".repeat(400), "reason", "refused-27", "detail", "d"));
        }

        Admin.requeueDeadLetters("{}").statusCode(200).body("queueFull", equalTo(true)).body("requeued", equalTo(0));
        assertEquals(30, deadLetters.count().await().atMost(WAIT), "nothing moved that the queue could not hold");
    }

    @Test
    void deadLetteringFailsLoudlyWhenRedisIsDown() {
        servers.stopRedis();

        assertThrows(OutageQueueUnavailableException.class,
                () -> deadLetters.add(List.of(new DeadLetter(EventRow.of("{}"), "refused-27", "d"))).await().atMost(WAIT));
    }

    @Test
    void aRedisThatMayEvictTheQueueIsRefusedAtStartupAndBeforeQueueing() {
        servers.redis("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        EvictionPolicyCheck check = new EvictionPolicyCheck(reactiveRedis);

        assertThrows(UnsafeEvictionPolicyException.class, () -> check.onStart(null));
        OutageQueueUnavailableException refused = refusal(new OutageQueue(reactiveRedis, config, check), rows(1, 10));
        assertTrue(refused.getMessage().contains("maxmemory-policy is allkeys-lru"), refused.getMessage());
        assertEquals(0, queue.depth().await().atMost(WAIT));

        servers.redis("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
        new OutageQueue(reactiveRedis, config, check).enqueue(rows(1, 10)).await().atMost(WAIT);
        assertEquals(1, queue.depth().await().atMost(WAIT));
    }

    @Test
    void aRedisThatHidesItsPolicyIsTrustedAndADownRedisDoesNotStopTheStart() {
        servers.redis("ACL", "SETUSER", "default", "-info");
        EvictionPolicyCheck hidden = new EvictionPolicyCheck(reactiveRedis);
        hidden.onStart(null);
        hidden.verified().await().atMost(WAIT);
        servers.redis("ACL", "SETUSER", "default", "+@all");

        servers.stopRedis();
        new EvictionPolicyCheck(reactiveRedis).onStart(null);
    }
}
