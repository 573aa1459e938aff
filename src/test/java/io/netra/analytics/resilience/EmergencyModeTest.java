package io.netra.analytics.resilience;

import static io.netra.analytics.support.Api.batch;
import static io.netra.analytics.support.Api.postEvents;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.health.ReadinessCheck;
import io.netra.analytics.replay.Replayer;
import io.netra.analytics.support.Admin;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class EmergencyModeTest extends RealServersTest {

    private static final String READY = "checks.find { it.name == '" + ReadinessCheck.NAME + "' }.data";

    @Inject
    RedisDataSource redis;
    @Inject
    NetraConfig config;
    @Inject
    Replayer replayer;

    private final String user = "user-" + UUID.randomUUID();

    @BeforeEach
    @AfterEach
    void normalMode() {
        Admin.setMode("normal").statusCode(200);
    }

    @Test
    void roundTripQueuesEverythingWithoutTouchingClickHouseThenReplaysExactlyOnce() {
        String names = "/api/v1/metrics/names";
        given().auth().oauth2(Tokens.forUser(user)).get(names).then().statusCode(200).body("source", equalTo("clickhouse"));

        Admin.setMode("clickhouse-disabled").statusCode(200).body("mode", equalTo("clickhouse-disabled"))
                .body("by", equalTo(Admin.OPERATOR));
        long queriesBefore = servers.queriesLogged();
        double insertAttemptsBefore = insertAttempts();

        for (int i = 0; i < 3; i++) {
            postEvents(user, batch("emergency", 10)).statusCode(202).body("queued", equalTo(10)).body("clickhouse", equalTo(0));
        }
        given().auth().oauth2(Tokens.forUser(user)).get(names).then().statusCode(200)
                .body("source", equalTo("cache")).body("stale", equalTo(true));
        given().get("/q/health/ready").then().statusCode(200)
                .body(READY + ".mode", equalTo("clickhouse-disabled")).body(READY + ".clickhouse", equalTo("disabled"))
                .body(READY + ".degraded", equalTo(true));
        given().get("/q/metrics").then().body(containsString("netra_mode_clickhouse_disabled 1.0"));
        long queued = redis.stream(String.class).xlen(config.outageQueue().streamKey());
        assertEquals(0, replayer.replayOnce().await().atMost(RECOVERY), "the replayer moves nothing while ClickHouse is switched off");
        assertEquals(queued, redis.stream(String.class).xlen(config.outageQueue().streamKey()));
        assertEquals(queriesBefore, servers.queriesLogged(), "nothing reached ClickHouse while it was switched off");
        assertEquals(insertAttemptsBefore, insertAttempts(), "ingest did not even try to insert");
        assertEquals(0, servers.count("SELECT count() FROM netra_analytics.performance_metrics WHERE user_id = '" + user + "'"));

        Admin.setMode("normal").statusCode(200);

        Awaitility.await().atMost(RECOVERY).until(() -> redis.stream(String.class).xlen(config.outageQueue().streamKey()) == 0);
        Awaitility.await().atMost(RECOVERY).until(() -> servers.count(
                "SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "'") == 30);
        assertEquals(30, servers.count("SELECT count() FROM netra_analytics.performance_metrics WHERE user_id = '" + user + "'"),
                "replayed exactly once, not even a duplicate row awaiting a merge");
    }

    /** Calls of the live insert, as fault tolerance counts them. */
    private static double insertAttempts() {
        return given().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("ft_invocations_total{") && line.contains("ClickHouseInserter.write"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theModeIsSharedSoAChangeMadeByAnotherReplicaIsPickedUp() {
        redis.value(String.class).set(config.mode().redisKey(),
                "{\"mode\":\"clickhouse-disabled\",\"by\":\"operator-on-replica-2\",\"at\":\"" + Instant.now() + "\"}");

        Awaitility.await().atMost(RECOVERY).untilAsserted(() -> given().auth().oauth2(Tokens.forUser("root", "admin"))
                .get("/api/v1/admin/mode").then().statusCode(200)
                .body("mode", equalTo("clickhouse-disabled")).body("by", equalTo("operator-on-replica-2")));
        postEvents(user, batch("emergency", 1)).statusCode(202).body("queued", equalTo(1));
    }

    @Test
    void onlyAdminsSwitchAndOnlyToKnownModes() {
        given().auth().oauth2(Tokens.forUser(user)).contentType("application/json").body("{\"mode\":\"normal\"}")
                .put("/api/v1/admin/mode").then().statusCode(403);
        Admin.setMode("off").statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("mode"));
        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/admin/resilience").then().statusCode(403);
    }
}
