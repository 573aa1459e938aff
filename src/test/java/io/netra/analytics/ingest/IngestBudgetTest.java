package io.netra.analytics.ingest;

import static io.netra.analytics.support.Api.events;
import static io.netra.analytics.support.Api.newIds;
import static io.netra.analytics.support.Api.postEvents;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.replay.Replayer;
import io.netra.analytics.support.Admin;
import io.netra.analytics.support.LocalServersResource;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An insert that outlives the request's latency budget is abandoned and the batch queued; the requests after it go
 * straight to the queue without calling ClickHouse; an abandoned insert that ClickHouse finishes anyway and its
 * replayed copy are stored twice and counted once.
 */
@QuarkusTest
@TestProfile(IngestBudgetTest.NoReplayTicks.class)
class IngestBudgetTest extends RealServersTest {

    public static class NoReplayTicks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the test replays by hand, so that every insert ClickHouse sees is one it can account for
            return Map.of("netra.replay.interval", "1h", "netra.ingest.latency-budget", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServersResource.class));
        }
    }

    private static final String TABLE = "netra_analytics.performance_metrics";

    @Inject
    Replayer replayer;

    private final String user = "budget-" + UUID.randomUUID();

    @AfterEach
    void undoTheSlowness() {
        servers.ensureRunning();
        servers.query("DROP TABLE IF EXISTS netra_analytics.slow_inserts");
        servers.query("DROP TABLE IF EXISTS netra_analytics.slow_sink");
        servers.query("SYSTEM START MERGES " + TABLE);
        Awaitility.await().atMost(RECOVERY).until(() -> replayer.replayOnce().await().atMost(Duration.ofSeconds(30)) == 0);
    }

    /** Inserts into the events table that reached ClickHouse, as its query log records them. */
    private long insertsLogged() {
        servers.query("SYSTEM FLUSH LOGS");
        return servers.count("SELECT count() FROM system.query_log WHERE type = 1 AND query LIKE 'INSERT INTO " + TABLE + "%'");
    }

    private long rows(List<String> ids, boolean finalRead) {
        return servers.count("SELECT count() FROM " + TABLE + (finalRead ? " FINAL" : "") + " WHERE user_id = '" + user
                + "' AND toString(event_id) IN ('" + String.join("','", ids) + "')");
    }

    @Test
    void withClickHouseHungOnlyTheFirstRequestTriesItAndEveryRequestIsQueued() {
        long insertsBefore = insertsLogged();
        servers.hangClickHouse();

        postEvents(user, events(newIds(5), "hung")).statusCode(202).body("queued", equalTo(5)).body("clickhouse", equalTo(0));
        Admin.resilience().statusCode(200).body("clickhouse", equalTo("timeout"));
        for (int i = 0; i < 10; i++) {
            postEvents(user, events(newIds(5), "hung")).statusCode(202).body("queued", equalTo(5));
        }
        servers.resumeClickHouse();

        assertTrue(insertsLogged() - insertsBefore <= 1, "at most the first request's insert reached ClickHouse");
    }

    @Test
    void anInsertThatOutlivesTheBudgetIsQueuedLandsAnywayAndIsCountedOnce() {
        // both copies of an event stay apart until the end of the test: merges would collapse them
        servers.query("SYSTEM STOP MERGES " + TABLE);
        // a slow ClickHouse: each insert into the events table waits 2 s in a view after its rows are written
        servers.query("CREATE TABLE netra_analytics.slow_sink (s UInt8) ENGINE = Null");
        servers.query("CREATE MATERIALIZED VIEW netra_analytics.slow_inserts TO netra_analytics.slow_sink AS SELECT sleep(2) AS s FROM " + TABLE);
        List<String> ids = newIds(5);

        postEvents(user, events(ids, "slow")).statusCode(202).body("queued", equalTo(5)).body("clickhouse", equalTo(0));

        Awaitility.await().atMost(RECOVERY).until(() -> rows(ids, false) == 5);
        servers.query("DROP TABLE netra_analytics.slow_inserts");
        Awaitility.await().atMost(RECOVERY).until(() -> replayer.replayOnce().await().atMost(Duration.ofSeconds(30)) == 0);
        assertEquals(10, rows(ids, false), "the abandoned insert and the replayed copy are both stored");
        assertEquals(5, rows(ids, true), "and counted once");
        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/metrics/names").then().statusCode(200)
                .body("metrics[0].name", equalTo("slow")).body("metrics[0].count", equalTo(5));
    }
}
