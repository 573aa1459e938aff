package io.netra.analytics.ingest;

import static io.netra.analytics.support.Api.batch;
import static io.netra.analytics.support.Api.postEvents;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.ClickHouseSql;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Ingestion while ClickHouse, Redis or both fail: nothing acknowledged is lost, nothing is counted twice. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class IngestOutageTest extends RealServersTest {

    @Inject
    RedisDataSource redis;
    @Inject
    OutageQueueConfig queueConfig;

    private final String user = "user-" + UUID.randomUUID();

    private long storedEvents() {
        return ClickHouseSql.count("SELECT uniqExact(event_id) FROM netra_analytics.performance_metrics WHERE user_id = '" + user + "'");
    }

    private long storedRowsFinal() {
        return ClickHouseSql.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "'");
    }

    private long queueDepth() {
        return redis.stream(String.class).xlen(queueConfig.streamKey());
    }

    @Test
    void withClickHouseStoppedEventsAreQueuedThenReplayedExactlyOnce() {
        servers.stopClickHouse();

        for (int i = 0; i < 5; i++) {
            postEvents(user, batch("outage", 20)).statusCode(202).body("queued", equalTo(20)).body("clickhouse", equalTo(0));
        }
        assertEquals(true, queueDepth() >= 100);

        servers.startClickHouse();

        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        assertEquals(100, storedEvents());
        assertEquals(100, storedRowsFinal(), "each event counts once");
    }

    @Test
    void withClickHouseHungRequestsTimeOutIntoTheQueueAndTheBreakerOpensThenCloses() {
        servers.hangClickHouse();

        int posted = 0;
        while (breakers.currentState(ClickHouseEventWriter.BREAKER) != CircuitBreakerState.OPEN) {
            postEvents(user, batch("outage", 3)).statusCode(202).body("queued", equalTo(3));
            posted += 3;
            assertEquals(true, posted <= 60, "the breaker should open after a few timeouts");
        }
        postEvents(user, batch("outage", 3)).statusCode(202).body("queued", equalTo(3));
        posted += 3;

        servers.resumeClickHouse();

        int expected = posted;
        Awaitility.await().atMost(RECOVERY).untilAsserted(() -> {
            // Trial calls in half-open come from live traffic, as in production.
            postEvents(user + "-trial", batch("outage", 1)).statusCode(202);
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(ClickHouseEventWriter.BREAKER));
        });
        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        Awaitility.await().atMost(RECOVERY).until(() -> storedEvents() == expected);
        assertEquals(expected, storedRowsFinal(), "an insert that timed out but landed later still counts once");
    }

    @Test
    void withRedisStoppedIngestionStillWritesToClickHouse() {
        servers.stopRedis();

        postEvents(user, batch("outage", 10)).statusCode(202).body("clickhouse", equalTo(10));

        assertEquals(10, storedRowsFinal());
    }

    @Test
    void withBothDownRequestsGet503AndEveryAcknowledgedEventSurvives() {
        servers.stopClickHouse();
        postEvents(user, batch("outage", 10)).statusCode(202).body("queued", equalTo(10));
        servers.stopRedis();

        postEvents(user, batch("outage", 10)).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());

        servers.startRedis();
        servers.startClickHouse();
        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        Awaitility.await().atMost(RECOVERY).until(() -> storedEvents() == 10);
        assertEquals(10, storedRowsFinal());
    }

    @Test
    void aPoisonedQueueEntryIsDeadLetteredAndTheRestReplayed() {
        long deadBefore = redis.stream(String.class).xlen(queueConfig.deadLetterKey());
        servers.stopClickHouse();
        postEvents(user, batch("outage", 5)).statusCode(202).body("queued", equalTo(5));
        redis.stream(String.class).xadd(queueConfig.streamKey(), Map.of("row", "{not json"));
        postEvents(user, batch("outage", 5)).statusCode(202).body("queued", equalTo(5));

        servers.startClickHouse();

        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        assertEquals(10, storedEvents());
        assertEquals(deadBefore + 1, redis.stream(String.class).xlen(queueConfig.deadLetterKey()));
    }
}
