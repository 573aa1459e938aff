package io.netra.analytics.ingest;

import static io.netra.analytics.support.Api.postEvents;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class IngestEndToEndTest extends RealServersTest {

    private final String user = "user-" + UUID.randomUUID();

    @Test
    void eventsArriveInClickHouseWithUserValuesMillisecondsAndTags() {
        String id = UUID.randomUUID().toString();
        long millis = Instant.now().minusSeconds(60).toEpochMilli() / 1000 * 1000 + 234;
        String body = """
                [{"eventId":"%s","metric":"http.latency","value":12.75,"unit":"ms",
                  "timestamp":"%s","tags":{"route":"/orders","quote":"it's \\"fine\\""}},
                 {"metric":"cpu","value":0.5}]""".formatted(id, Instant.ofEpochMilli(millis));

        postEvents(user, body).statusCode(202)
                .body("accepted", equalTo(2)).body("clickhouse", equalTo(2)).body("queued", equalTo(0))
                .body("eventIds", hasSize(2)).body("eventIds", hasItem(id));

        String row = servers.query("SELECT user_id, metric_name, value, unit, event_time_ms, tag_keys, tag_values "
                + "FROM netra_analytics.performance_metrics FINAL WHERE event_id = toUUID('" + id + "') FORMAT TSV");
        assertEquals(user + "\thttp.latency\t12.75\tms\t" + millis + "\t['route','quote']\t['/orders','it\\'s \"fine\"']", row);
        assertEquals(2, servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "'"));
    }

    @Test
    void theSameEventPostedTwiceCountsOnce() {
        String event = io.netra.analytics.support.Api.event(UUID.randomUUID().toString(), "dup", 1, Instant.now().toEpochMilli());

        postEvents(user, event).statusCode(202);
        postEvents(user, event).statusCode(202);
        postEvents(user, "[" + event + "," + event + "]").statusCode(202);

        assertEquals(1, servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "'"));
    }

    @Test
    void aWriterMayRecordForAnotherUserButAUserMayNot() {
        String body = "{\"metric\":\"m\",\"value\":1,\"userId\":\"" + user + "-other\"}";

        postEvents(user, body).statusCode(403).contentType("application/problem+json");
        postEvents("billing-service", body, "metrics-writer").statusCode(202);

        assertEquals(1, servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "-other'"));
    }

    @Test
    void invalidEventsGetA400ListingEachProblemAndNothingIsStored() {
        postEvents(user, "[{\"metric\":\"ok\",\"value\":1},{\"metric\":\"\",\"value\":\"x\"}]").statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", contains("metric", "value"))
                .body("errors.index", contains(1, 1));

        assertEquals(0, servers.count("SELECT count() FROM netra_analytics.performance_metrics WHERE user_id = '" + user + "'"));
    }

    @Test
    void malformedJsonIsA400AndOversizedRequestsA413() {
        postEvents(user, "{\"metric\":").statusCode(400).contentType("application/problem+json");
        postEvents(user, "{\"metric\":\"m\",\"value\":1} trailing").statusCode(400).contentType("application/problem+json");
        postEvents(user, "[" + String.join(",", java.util.Collections.nCopies(1001, "{\"metric\":\"m\",\"value\":1}")) + "]")
                .statusCode(413).contentType("application/problem+json");
        postEvents(user, "{\"metric\":\"m\",\"value\":1,\"tags\":{\"t\":\"" + "x".repeat(1_100_000) + "\"}}")
                .statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        io.restassured.RestAssured.given().auth().oauth2(io.netra.analytics.support.Tokens.forUser(user))
                .contentType("text/plain").body("hello").post("/api/v1/metrics").then()
                .statusCode(415).contentType("application/problem+json");
    }
}
