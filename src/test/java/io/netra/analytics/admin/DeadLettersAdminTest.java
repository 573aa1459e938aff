package io.netra.analytics.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.queue.DeadLetters;
import io.netra.analytics.support.Admin;
import io.netra.analytics.support.LogCapture;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Dead letters are counted by reason, set aside with one log line per batch, and can be sent back to be replayed. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class DeadLettersAdminTest extends RealServersTest {

    @Inject
    RedisDataSource redis;
    @Inject
    NetraConfig config;

    private final String user = "dead-" + UUID.randomUUID();
    private LogCapture logged;

    @BeforeEach
    void emptyDeadLetters() {
        redis.key().del(config.outageQueue().deadLetterKey());
        logged = LogCapture.of(DeadLetters.class);
    }

    @AfterEach
    void stopCapturing() {
        logged.close();
    }

    private String row(String eventId, Object value) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"metric_name\":\"dl\",\"value\":" + value
                + ",\"unit\":\"\",\"event_time_ms\":" + Instant.now().toEpochMilli() + ",\"tag_keys\":[],\"tag_values\":[],\"received_at_ms\":1}";
    }

    /** A letter as an earlier release wrote it, for an event that was never wrong (a refused login, say). */
    private void deadLetter(String row, String reason) {
        redis.stream(String.class).xadd(config.outageQueue().deadLetterKey(), Map.of("row", row, "reason", reason, "detail", "test"));
    }

    private long stored() {
        return servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "'");
    }

    private long queued() {
        return redis.stream(String.class).xlen(config.outageQueue().streamKey());
    }

    @Test
    void eventsClickHouseRefusesAreSetAsideTogetherWithOneLogLineAndCountedByReason() {
        servers.stopClickHouse();
        for (int i = 0; i < 3; i++) {
            redis.stream(String.class).xadd(config.outageQueue().streamKey(), Map.of("row", row(UUID.randomUUID().toString(), "\"not a number\"")));
        }
        redis.stream(String.class).xadd(config.outageQueue().streamKey(), Map.of("row", row(UUID.randomUUID().toString(), 1.5)));
        servers.startClickHouse();

        Awaitility.await().atMost(RECOVERY).until(() -> queued() == 0 && stored() == 1);
        Admin.deadLetters().statusCode(200).body("total", equalTo(3)).body("byReason.size()", equalTo(1))
                .body("oldest", notNullValue()).body("newest", notNullValue());
        long lines = logged.records().stream().filter(record -> record.getMessage().contains("Dead-lettered")).count();
        assertEquals(true, lines >= 1 && lines <= 2, "one line per batch, not one per event: " + lines);
    }

    @Test
    void lettersAreRequeuedByReasonAndTimeAndReplayedWhileTheRestStay() {
        String first = UUID.randomUUID().toString();
        deadLetter(row(first, 1), "refused-193");
        deadLetter("{not an event", DeadLetters.MALFORMED);
        Instant between = Instant.now();
        Awaitility.await().until(() -> Instant.now().isAfter(between.plusMillis(2)));
        String second = UUID.randomUUID().toString();
        deadLetter(row(second, 2), "refused-193");

        Admin.deadLetters().statusCode(200).body("total", equalTo(3))
                .body("byReason.'refused-193'", equalTo(2)).body("byReason.malformed", equalTo(1));

        Admin.requeueDeadLetters("{\"reason\":\"refused-193\",\"to\":\"" + between + "\"}").statusCode(200).body("requeued", equalTo(1))
                .body("queueFull", equalTo(false));
        Awaitility.await().atMost(RECOVERY).until(() -> stored() == 1);
        Admin.requeueDeadLetters("{\"reason\":\"refused-193\"}").statusCode(200).body("requeued", equalTo(1));
        Awaitility.await().atMost(RECOVERY).until(() -> stored() == 2);

        Admin.deadLetters().statusCode(200).body("total", equalTo(1)).body("byReason.malformed", equalTo(1));
        Admin.requeueDeadLetters("{}").statusCode(200).body("requeued", equalTo(1));
        Awaitility.await().atMost(RECOVERY).until(() -> queued() == 0);
        Admin.deadLetters().statusCode(200).body("total", equalTo(1)).body("byReason.malformed", equalTo(1));
    }

    @Test
    void moreLettersThanAPageAreCountedAndRequeuedPageByPage() {
        for (int i = 0; i < 450; i++) {
            deadLetter(row(UUID.randomUUID().toString(), i), "refused-193");
        }
        for (int i = 0; i < 51; i++) {
            deadLetter("{not an event " + i, DeadLetters.MALFORMED);
        }

        Admin.deadLetters().statusCode(200).body("total", equalTo(501))
                .body("byReason.'refused-193'", equalTo(450)).body("byReason.malformed", equalTo(51));
        Admin.requeueDeadLetters("{\"reason\":\"refused-999\"}").statusCode(200).body("requeued", equalTo(0));
        Admin.requeueDeadLetters("{\"reason\":\"refused-193\"}").statusCode(200).body("requeued", equalTo(450));

        Awaitility.await().atMost(RECOVERY).until(() -> stored() == 450);
        Admin.deadLetters().statusCode(200).body("total", equalTo(51));
    }

    @Test
    void anEmptyDeadLetterStreamHasNothingToRequeueAndNeedsNoBody() {
        Admin.deadLetters().statusCode(200).body("total", equalTo(0)).body("byReason.size()", equalTo(0));
        Admin.requeueDeadLetters("{}").statusCode(200).body("requeued", equalTo(0));
        given().auth().oauth2(Tokens.forUser(Admin.OPERATOR, "admin")).contentType("application/json")
                .post("/api/v1/admin/dead-letters/requeue").then().statusCode(200).body("requeued", equalTo(0));
    }

    @Test
    void onlyAdminsSeeOrMoveDeadLettersAndRedisDownIsA503() {
        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/admin/dead-letters").then().statusCode(403);
        given().auth().oauth2(Tokens.forUser(user)).contentType("application/json").body("{}")
                .post("/api/v1/admin/dead-letters/requeue").then().statusCode(403);
        Admin.requeueDeadLetters("{\"from\":\"yesterday\"}").statusCode(400).contentType("application/problem+json");

        servers.stopRedis();

        Admin.deadLetters().statusCode(503).contentType("application/problem+json");
        Admin.requeueDeadLetters("{}").statusCode(503).contentType("application/problem+json");
    }
}
