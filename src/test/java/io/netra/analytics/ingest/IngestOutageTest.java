package io.netra.analytics.ingest;

import static io.netra.analytics.support.Api.batch;
import static io.netra.analytics.support.Api.postEvents;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Ingestion while ClickHouse, Redis or both fail: nothing acknowledged is lost, nothing is counted twice. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class IngestOutageTest extends RealServersTest {

    @Inject
    RedisDataSource redis;
    @Inject
    NetraConfig config;

    private final String user = "user-" + UUID.randomUUID();

    private long storedEvents() {
        return servers.count("SELECT uniqExact(event_id) FROM netra_analytics.performance_metrics WHERE user_id = '" + user + "'");
    }

    private long storedRowsFinal() {
        return servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "'");
    }

    private long queueDepth() {
        return redis.stream(String.class).xlen(config.outageQueue().streamKey());
    }

    private long queueBytes() {
        Long bytes = redis.value(Long.class).get(config.outageQueue().streamKey() + ":bytes");
        return bytes == null ? 0 : bytes;
    }

    @Test
    void withClickHouseStoppedEventsAreQueuedThenReplayedExactlyOnce() {
        servers.stopClickHouse();

        for (int i = 0; i < 5; i++) {
            postEvents(user, batch("outage", 20)).statusCode(202).body("queued", equalTo(20)).body("clickhouse", equalTo(0));
        }
        assertTrue(queueDepth() >= 100);
        assertTrue(queueBytes() >= 100 * 150, "the queue counts the bytes it holds");

        servers.startClickHouse();

        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        assertEquals(100, storedEvents());
        assertEquals(100, storedRowsFinal(), "each event counts once");
        assertEquals(0, queueBytes(), "an empty queue holds no bytes");
    }

    @Test
    void withClickHouseHungRequestsGoToTheQueueAndBackToClickHouseOnceItAnswersAgain() {
        servers.hangClickHouse();

        for (int i = 0; i < 5; i++) {
            postEvents(user, batch("outage", 3)).statusCode(202).body("queued", equalTo(3));
        }
        assertEquals(ClickHouseState.TIMEOUT, clickhouse.state(), "the first insert outlived its budget");

        servers.resumeClickHouse();

        // the replayer's inserts are the trials that find ClickHouse back; then live ingest goes there again
        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        postEvents(user, batch("outage", 3)).statusCode(202).body("clickhouse", equalTo(3));
        Awaitility.await().atMost(RECOVERY).until(() -> storedEvents() == 18);
        assertEquals(18, storedRowsFinal(), "an insert that timed out but landed later still counts once");
    }

    @Test
    void withRedisStoppedIngestionStillWritesToClickHouse() {
        servers.stopRedis();

        postEvents(user, batch("outage", 10)).statusCode(202).body("clickhouse", equalTo(10));

        assertEquals(10, storedRowsFinal());
    }

    @Test
    void withBothDownRequestsGet503NamingTheirEventsAndEveryAcknowledgedEventSurvives() {
        servers.stopClickHouse();
        postEvents(user, batch("outage", 10)).statusCode(202).body("queued", equalTo(10));
        servers.stopRedis();

        postEvents(user, batch("outage", 10)).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("eventIds", hasSize(10));

        servers.startRedis();
        servers.startClickHouse();
        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        Awaitility.await().atMost(RECOVERY).until(() -> storedEvents() == 10);
        assertEquals(10, storedRowsFinal());
    }

    @Test
    void anEntryTheServiceDidNotWriteIsDeadLetteredAndTheRestReplayed() {
        long deadBefore = redis.stream(String.class).xlen(config.outageQueue().deadLetterKey());
        servers.stopClickHouse();
        postEvents(user, batch("outage", 5)).statusCode(202).body("queued", equalTo(5));
        redis.stream(String.class).xadd(config.outageQueue().streamKey(), Map.of("row", "{not json"));
        postEvents(user, batch("outage", 5)).statusCode(202).body("queued", equalTo(5));

        servers.startClickHouse();

        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        assertEquals(10, storedEvents());
        assertEquals(deadBefore + 1, redis.stream(String.class).xlen(config.outageQueue().deadLetterKey()));
    }
}
