package io.netra.analytics.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseStateTracker;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.health.ReadinessCheck;
import io.netra.analytics.support.IngestLoad;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A ClickHouse that comes back without its schema, or refuses the service's password, is an outage of ClickHouse,
 * not a fault of the events: they wait in the queue and are stored once it is mended; none is dead-lettered.
 */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class LostSchemaAndRotatedPasswordTest extends RealServersTest {

    private static final String READY = "checks.find { it.name == '" + ReadinessCheck.NAME + "' }.data";

    @Inject
    RedisDataSource redis;
    @Inject
    NetraConfig config;
    @Inject
    ClickHouseStateTracker clickhouse;

    private long deadLetters() {
        return redis.stream(String.class).xlen(config.outageQueue().deadLetterKey());
    }

    private long queueDepth() {
        return redis.stream(String.class).xlen(config.outageQueue().streamKey());
    }

    /** Every event in {@code acknowledged} is in ClickHouse, and each counts once. */
    private void assertStoredOnce(IngestLoad load, Set<String> acknowledged) {
        String user = "'" + load.user() + "'";
        Awaitility.await().atMost(RECOVERY).until(() -> queueDepth() == 0);
        Awaitility.await().atMost(RECOVERY).until(() -> servers.count(
                "SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = " + user) >= acknowledged.size());
        Set<String> stored = Set.of(servers.query("SELECT toString(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = "
                + user + " FORMAT TSV").split("\n"));
        assertTrue(stored.containsAll(acknowledged), "every acknowledged event is stored");
        assertEquals(servers.count("SELECT uniqExact(event_id) FROM netra_analytics.performance_metrics WHERE user_id = " + user),
                servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = " + user),
                "each counts once");
    }

    @Test
    void aClickHouseThatComesBackEmptyGetsItsSchemaAgainAndEveryAcknowledgedEventIsStoredOnce() {
        long deadBefore = deadLetters();
        IngestLoad load = IngestLoad.start("wiped-" + UUID.randomUUID(), 4, 20);
        Awaitility.await().atMost(RECOVERY).until(() -> load.acknowledgedCount() >= 200);

        servers.stopClickHouse();
        // what ClickHouse had stored is lost with its volume; from here on, nothing acknowledged may be
        Instant volumeLost = Instant.now();
        servers.deleteClickHouseData();
        servers.startClickHouse();
        int beforeRecovery = load.acknowledgedCount();
        Awaitility.await().atMost(RECOVERY).until(() -> schema.isReady() && load.acknowledgedCount() >= beforeRecovery + 400);
        load.close();

        assertTrue(load.acknowledgedSince(volumeLost).size() >= 400);
        assertStoredOnce(load, load.acknowledgedSince(volumeLost));
        assertEquals(1, servers.count("EXISTS TABLE netra_analytics.performance_metrics"), "the schema was created again");
        assertEquals(1, servers.count("SELECT count() FROM netra_analytics.schema_migrations FINAL WHERE version = 1"));
        assertEquals(deadBefore, deadLetters(), "nothing was dead-lettered because the schema was missing");
    }

    @Test
    void aRotatedPasswordQueuesEventsWhileItIsWrongAndTheyAreReplayedOnceItIsRight() {
        long deadBefore = deadLetters();
        IngestLoad load = IngestLoad.start("rotated-" + UUID.randomUUID(), 4, 20);
        Awaitility.await().atMost(RECOVERY).until(() -> load.acknowledgedCount() >= 100);

        servers.rotateServicePassword();
        Awaitility.await().atMost(RECOVERY).until(() -> clickhouse.state() == ClickHouseState.CREDENTIALS_REJECTED);
        int whileWrong = load.acknowledgedCount();
        Awaitility.await().atMost(RECOVERY).until(() -> load.acknowledgedCount() >= whileWrong + 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body(READY + ".clickhouse", equalTo("credentials-rejected")).body(READY + ".degraded", equalTo(true));
        given().get("/q/metrics").then().body(containsString("netra_clickhouse_state{state=\"credentials-rejected\"} 1.0"));
        assertTrue(queueDepth() > 0, "events wait in the queue while the password is wrong");

        servers.restoreServicePassword();
        Awaitility.await().atMost(RECOVERY).until(() -> clickhouse.state() == ClickHouseState.UP);
        load.close();

        assertStoredOnce(load, load.acknowledged());
        assertEquals(deadBefore, deadLetters(), "nothing was dead-lettered because the password was wrong");
    }
}
