package io.netra.analytics.otlp;

import static io.netra.analytics.otlp.OtlpData.attribute;
import static io.netra.analytics.otlp.OtlpData.counter;
import static io.netra.analytics.otlp.OtlpData.doublePoint;
import static io.netra.analytics.otlp.OtlpData.export;
import static io.netra.analytics.otlp.OtlpData.gauge;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;

import io.netra.analytics.support.Compression;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** OTLP/HTTP against real servers: both encodings, gzip, partial success, each failure in OTLP's words, exactly once. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class OtlpHttpTest extends RealServersTest {

    private final String user = "otlp-" + UUID.randomUUID();

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private RequestSpecification as(String token) {
        return token == null ? given() : given().auth().oauth2(token);
    }

    private Response postProtobuf(String token, byte[] body, String encoding) {
        RequestSpecification request = as(token).contentType("application/x-protobuf").body(body);
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return request.post("/v1/metrics");
    }

    private Response postJson(String token, String body) {
        return as(token).contentType("application/json").body(body).post("/v1/metrics");
    }

    private static Status status(Response response) throws Exception {
        return Status.parseFrom(response.asByteArray());
    }

    private long storedPoints(String metric) {
        return servers.count("SELECT count() FROM " + OtlpData.storedPoints(user) + " WHERE metric_name = '" + metric + "'");
    }

    @Test
    void aGzippedProtobufExportIsStoredAndAnsweredInProtobuf() throws Exception {
        byte[] body = export("checkout", List.of(), gauge("queue.depth", doublePoint(3, nowNanos(), attribute("queue", "orders"))),
                counter("orders", doublePoint(10, nowNanos()))).toByteArray();

        Response response = postProtobuf(Tokens.forUser(user), Compression.gzip(body), "gzip");

        assertEquals(200, response.statusCode());
        assertEquals("application/x-protobuf", response.contentType());
        assertFalse(ExportMetricsServiceResponse.parseFrom(response.asByteArray()).hasPartialSuccess(), "every point accepted");
        assertEquals(1, storedPoints("queue.depth"));
        assertEquals(1, storedPoints("orders"));
        assertEquals("orders", servers.query("SELECT tag_values[1] FROM netra_analytics.otel_series FINAL WHERE user_id = '" + user
                + "' AND metric_name = 'queue.depth'"));
    }

    @Test
    void aSeriesThatKeepsReportingIsStoredOnceAnHour() {
        long now = nowNanos();
        byte[] first = export("checkout", List.of(), gauge("pool.size", doublePoint(3, now, attribute("pool", "a")))).toByteArray();
        byte[] second = export("checkout", List.of(), gauge("pool.size", doublePoint(4, now + 1, attribute("pool", "a")))).toByteArray();

        postProtobuf(Tokens.forUser(user), first, null).then().statusCode(200);
        postProtobuf(Tokens.forUser(user), second, null).then().statusCode(200);

        assertEquals(2, storedPoints("pool.size"));
        // without FINAL: the second export (a nanosecond later, in the same hour) wrote no series row, the first one's being durable
        assertEquals(1, servers.count("SELECT count() FROM netra_analytics.otel_series WHERE user_id = '" + user + "'"));
    }

    @Test
    void otlpJsonWithHexIdsStringIntegersAndUnknownFieldsIsStoredAndAnsweredInJson() {
        long now = nowNanos();
        String json = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
                 "futureField":{"x":1},
                 "scopeMetrics":[{"scope":{"name":"js"},"metrics":[{"name":"http.requests","unit":"1",
                  "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"asInt":"42","timeUnixNano":"%d",
                   "startTimeUnixNano":%d,"attributes":[{"key":"route","value":{"stringValue":"/checkout"}}],
                   "exemplars":[{"asDouble":1.5,"timeUnixNano":"%d","traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174"}]}]}}]}]}]}
                """.formatted(now, now - 60_000_000_000L, now);

        postJson(Tokens.forUser(user), json).then().statusCode(200).contentType("application/json").body(equalTo("{}"));

        assertEquals(1, storedPoints("http.requests"));
        assertEquals("42\t1\t5b8efff798038103d269b633813fc60c\teee19b7ec3c1b174", servers.query("SELECT int_value, is_int, exemplar_trace_ids[1], "
                + "exemplar_span_ids[1] FROM netra_analytics.otel_sum FINAL ANY INNER JOIN netra_analytics.otel_exemplars USING point_id"
                + " WHERE user_id = '" + user + "' FORMAT TSV"));
    }

    @Test
    void refusedPointsAreAPartialSuccessAndTheRestIsStored() {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
                  {"name":"ok","gauge":{"dataPoints":[{"asDouble":1,"timeUnixNano":"%d"}]}},
                  {"name":"broken","gauge":{"dataPoints":[{"asDouble":1,"timeUnixNano":"0"}]}}]}]}]}
                """.formatted(nowNanos());

        postJson(Tokens.forUser(user), json).then().statusCode(200)
                .body("partialSuccess.rejectedDataPoints", equalTo("1"))
                .body("partialSuccess.errorMessage", equalTo("1 data point rejected: metric broken: a data point's time_unix_nano is 0"));
        assertEquals(1, storedPoints("ok"));
    }

    @Test
    void theSameExportSentTwiceCountsOnce() throws Exception {
        byte[] body = export("s", List.of(), gauge("twice", doublePoint(1, nowNanos()), doublePoint(2, nowNanos() + 1))).toByteArray();

        assertEquals(200, postProtobuf(Tokens.forUser(user), body, null).statusCode());
        assertEquals(200, postProtobuf(Tokens.forUser(user), body, null).statusCode());

        assertEquals(2, storedPoints("twice"), "each point counted once");
    }

    @Test
    void failuresAreGoogleRpcStatusesInTheRequestsEncoding() throws Exception {
        byte[] body = export("s", List.of(), gauge("g", doublePoint(1, nowNanos()))).toByteArray();

        Response anonymous = postProtobuf(null, body, null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(Code.UNAUTHENTICATED_VALUE, status(anonymous).getCode());
        postJson(null, "{}").then().statusCode(401).contentType("application/json").body("code", equalTo(Code.UNAUTHENTICATED_VALUE));

        Response noRole = postProtobuf(Tokens.forUser(user, "reader"), body, null);
        assertEquals(403, noRole.statusCode());
        assertEquals(Code.PERMISSION_DENIED_VALUE, status(noRole).getCode());

        Response garbage = postProtobuf(Tokens.forUser(user), "not protobuf at all".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(400, garbage.statusCode());
        assertEquals(Code.INVALID_ARGUMENT_VALUE, status(garbage).getCode());
        postJson(Tokens.forUser(user), "{\"resourceMetrics\":[{\"scopeMetrics\":\"no\"}]}").then().statusCode(400)
                .body("message", containsString("not an OTLP metrics export"));

        Response text = as(Tokens.forUser(user)).contentType("text/plain").body("x").post("/v1/metrics");
        assertEquals(415, text.statusCode());
        assertEquals("application/x-protobuf", text.contentType());

        Response bomb = postProtobuf(Tokens.forUser(user), Compression.gzip(new byte[32 * 1024 * 1024]), "gzip");
        assertEquals(413, bomb.statusCode());
        assertTrue(status(bomb).getMessage().contains("once decompressed"), status(bomb).getMessage());
    }

    @Test
    void withClickHouseDownTheExportIsQueuedAndWithBothDownItIs503WithRetryInfo() throws Exception {
        servers.stopClickHouse();
        byte[] body = export("s", List.of(), gauge("outage", doublePoint(1, nowNanos()))).toByteArray();
        assertEquals(200, postProtobuf(Tokens.forUser(user), body, null).statusCode(), "durable in the outage queue");
        servers.stopRedis();

        Response unavailable = postProtobuf(Tokens.forUser(user), export("s", List.of(), gauge("outage", doublePoint(2, nowNanos()))).toByteArray(), null);

        assertEquals(503, unavailable.statusCode());
        assertNotNull(unavailable.header("Retry-After"));
        Status status = status(unavailable);
        assertEquals(Code.UNAVAILABLE_VALUE, status.getCode());
        assertTrue(status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds() >= 1);

        servers.ensureRunning();
        Awaitility.await().atMost(RECOVERY).until(() -> storedPoints("outage") == 1);
    }
}
