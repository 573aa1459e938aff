package io.netra.analytics.queue;

import static io.netra.analytics.support.Api.batch;
import static io.netra.analytics.support.Api.postEvents;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.queue.DeadLetters.DeadLetter;
import io.netra.analytics.queue.EvictionPolicyCheck.UnsafeEvictionPolicyException;
import io.netra.analytics.queue.OutageQueue.TenantRows;
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
    QueueMetrics metrics;
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
        String stream = config.outageQueue().streamKey();
        redis.key().del(stream, stream + ":bytes", stream + ":tenant-events", stream + ":tenant-bytes", config.outageQueue().deadLetterKey());
    }

    private static List<Row> rows(int count, int bytes) {
        return Collections.nCopies(count, Row.of(RowTable.EVENTS, "x".repeat(bytes)));
    }

    /** Queues one request's rows for {@code tenant}, which may hold the whole queue; throws what refused them. */
    private static void enqueue(OutageQueue target, String tenant, List<Row> rows) {
        enqueue(target, new TenantRows(tenant, Long.MAX_VALUE, Long.MAX_VALUE, rows));
    }

    private static void enqueue(OutageQueue target, TenantRows part) {
        Optional<QueueRefusedException> refused = target.enqueue(List.of(part)).await().atMost(WAIT).get(0);
        if (refused.isPresent()) {
            throw refused.get();
        }
    }

    private QueueRefusedException refusal(OutageQueue target, List<Row> rows) {
        return assertInstanceOf(QueueRefusedException.class,
                assertThrows(RuntimeException.class, () -> enqueue(target, "t", rows)));
    }

    @Test
    void beyondEitherBoundABatchIsRefusedWholeAndTheQueueKeepsWhatItHad() {
        enqueue(queue, "t", rows(30, 10));

        assertTrue(refusal(queue, rows(11, 10)).getMessage().contains("netra.outage-queue.max-events"));
        assertTrue(refusal(queue, rows(1, 8000)).getMessage().contains("netra.outage-queue.max-bytes"));
        assertEquals(30, queue.depth().await().atMost(WAIT));
        assertEquals(300, queue.bytes().await().atMost(WAIT));
        enqueue(queue, "t", rows(10, 10));
        assertEquals(40, queue.depth().await().atMost(WAIT));
    }

    @Test
    void aTenantHoldsNoMoreThanItsShareWhileOthersStillQueueAndRemovalGivesItBack() {
        enqueue(queue, new TenantRows("noisy", 20, 1000, rows(20, 10)));
        QueueRefusedException refused = assertThrows(QueueRefusedException.class,
                () -> enqueue(queue, new TenantRows("noisy", 20, 1000, rows(1, 10))));
        assertEquals(QueueRefusedException.Reason.TENANT_SHARE, refused.reason());
        assertThrows(QueueRefusedException.class, () -> enqueue(queue, new TenantRows("wide", 20, 50, rows(6, 10))), "the byte share");

        List<Optional<QueueRefusedException>> mixed = queue.enqueue(List.of(new TenantRows("noisy", 20, 1000, rows(1, 10)),
                new TenantRows("quiet", 20, 1000, rows(5, 10)))).await().atMost(WAIT);

        assertEquals(QueueRefusedException.Reason.TENANT_SHARE, mixed.get(0).orElseThrow().reason());
        assertEquals(Optional.empty(), mixed.get(1), "the quiet tenant's part is queued beside the refused one");
        assertEquals(List.of(new OutageQueue.TenantUsage("noisy", 20, 200), new OutageQueue.TenantUsage("quiet", 5, 50)),
                queue.largestTenants(5).await().atMost(WAIT));
        assertEquals(250, queue.bytes().await().atMost(WAIT));

        List<OutageQueue.QueuedRow> taken = queue.take("test", 100, Duration.ofHours(1)).await().atMost(WAIT);
        queue.remove(taken.stream().filter(row -> row.tenant().equals("noisy")).limit(15).map(OutageQueue.QueuedRow::entryId).toList())
                .await().atMost(WAIT);

        assertEquals(List.of(new OutageQueue.TenantUsage("noisy", 5, 50), new OutageQueue.TenantUsage("quiet", 5, 50)),
                queue.largestTenants(5).await().atMost(WAIT));
        enqueue(queue, new TenantRows("noisy", 20, 1000, rows(15, 10)));
        while (queue.depth().await().atMost(WAIT) > 0) {
            queue.remove(queue.take("test", 100, Duration.ofHours(1)).await().atMost(WAIT).stream().map(OutageQueue.QueuedRow::entryId)
                    .toList()).await().atMost(WAIT);
        }
        assertEquals(List.of(), queue.largestTenants(5).await().atMost(WAIT), "an empty queue holds nothing of anyone");
    }

    @Test
    void eachRowOfARequestIsQueuedAndTakenWithItsOwnTable() {
        List<Row> export = List.of(Row.of(RowTable.OTEL_GAUGE, "{\"point_id\":\"p\"}"), Row.of(RowTable.OTEL_SERIES, "{\"series_id\":1}"),
                Row.of(RowTable.OTEL_EXEMPLARS, "{\"point_id\":\"p\"}"));

        enqueue(queue, "t", export);

        assertEquals(export, queue.take("test", 10, Duration.ofHours(1)).await().atMost(WAIT).stream().map(OutageQueue.QueuedRow::row).toList());
        assertEquals(List.of(new OutageQueue.TenantUsage("t", 3, 47)), queue.largestTenants(5).await().atMost(WAIT));
    }

    @Test
    void anEntryNamingATableThisReleaseDoesNotKnowIsNotTakenForARowOfIt() {
        redis.stream(String.class).xadd(config.outageQueue().streamKey(), Map.of("row", "{\"event_id\":\"x\"}", "table", "from-the-future"));
        redis.stream(String.class).xadd(config.outageQueue().streamKey(), Map.of("row", "{\"event_id\":\"y\"}"));

        List<OutageQueue.QueuedRow> taken = queue.take("test", 10, Duration.ofHours(1)).await().atMost(WAIT);

        assertEquals(false, taken.get(0).row().isWellFormed(), "set aside by the replayer, not guessed at");
        assertEquals(RowTable.EVENTS, taken.get(1).row().table(), "an entry of an earlier release holds an event");
        assertEquals(true, taken.get(1).row().isWellFormed());
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

        assertThrows(QueueRefusedException.class,
                () -> deadLetters.add(List.of(new DeadLetter(Row.of(RowTable.EVENTS, "{}"), "t", "refused-27", "d"))).await().atMost(WAIT));
    }

    @Test
    void aRedisThatMayEvictTheQueueIsRefusedAtStartupAndBeforeQueueing() {
        servers.redis("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        EvictionPolicyCheck check = new EvictionPolicyCheck(reactiveRedis, config);

        assertThrows(UnsafeEvictionPolicyException.class, () -> check.onStart(null));
        QueueRefusedException refused = refusal(new OutageQueue(reactiveRedis, config, check, metrics, Clock.systemUTC()), rows(1, 10));
        assertTrue(refused.getMessage().contains("maxmemory-policy is allkeys-lru"), refused.getMessage());
        assertEquals(0, queue.depth().await().atMost(WAIT));

        servers.redis("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
        enqueue(new OutageQueue(reactiveRedis, config, check, metrics, Clock.systemUTC()), "t", rows(1, 10));
        assertEquals(1, queue.depth().await().atMost(WAIT));
    }

    @Test
    void aRedisThatHidesItsPolicyIsTrustedAndADownRedisDoesNotStopTheStart() {
        servers.redis("ACL", "SETUSER", "default", "-info");
        EvictionPolicyCheck hidden = new EvictionPolicyCheck(reactiveRedis, config);
        hidden.onStart(null);
        hidden.verified().await().atMost(WAIT);
        servers.redis("ACL", "SETUSER", "default", "+@all");

        servers.stopRedis();
        new EvictionPolicyCheck(reactiveRedis, config).onStart(null);
    }
}
