package io.netra.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.health.ReadinessCheck;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.ProdLikeResource;
import io.netra.analytics.support.SchemaVersions;
import io.netra.analytics.support.TokenIssuer;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.ValidatableResponse;

/**
 * The packaged application (the JVM jar, or the native executable with -Dnative) in the prod profile against real
 * servers and an issuer of its own: it starts, migrates, takes events, answers queries and the admin API, reports
 * problems as JSON, and trusts only its issuer's tokens for its audience.
 */
@QuarkusIntegrationTest
@WithTestResource(ProdLikeResource.class)
class PackagedApplicationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READY = "checks.find { it.name == '" + ReadinessCheck.NAME + "' }.data";

    TokenIssuer issuer;
    LocalServers servers;

    private ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).post("/api/v1/metrics").then();
    }

    private ValidatableResponse get(String token, String path) {
        return given().auth().oauth2(token).get(path).then();
    }

    @Test
    void startsMigratesRecordsAndAnswers() {
        String user = "packaged-" + UUID.randomUUID();
        String token = issuer.forUser(user);
        given().get("/q/health/live").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body(READY + ".clickhouse", equalTo("up"))
                .body(READY + ".schemaVersion", equalTo(SchemaVersions.latest())));

        post(token, "[{\"metric\":\"native.check\",\"value\":1},{\"metric\":\"native.check\",\"value\":3}]")
                .statusCode(202).body("clickhouse", equalTo(2));

        get(token, "/api/v1/metrics/names").statusCode(200)
                .body("source", equalTo("clickhouse")).body("userId", equalTo(user))
                .body("metrics[0].name", equalTo("native.check")).body("metrics[0].count", equalTo(2));
        get(token, "/api/v1/metrics/summary?metric=native.check&interval=1h").statusCode(200)
                .body("buckets.collect { it.count }.sum()", equalTo(2));
        get(token, "/api/v1/metrics/events?metric=native.check&limit=1").statusCode(200)
                .body("events.size()", equalTo(1)).body("nextCursor", notNullValue());
        post(token, "{\"metric\":\"\",\"value\":1}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("metric"));
        given().get("/api/v1/metrics/names").then().statusCode(401).contentType("application/problem+json");
        get(issuer.forUser("root", "admin"), "/api/v1/admin/resilience").statusCode(200)
                .body("mode.mode", equalTo("normal")).body("breakers.'clickhouse-ingest'", equalTo("closed"))
                .body("clickhouse", equalTo("up")).body("replay.batchSize", notNullValue());
        get(issuer.forUser("root", "admin"), "/api/v1/admin/mode").statusCode(200).body("mode", equalTo("normal"));
        get(issuer.forUser("root", "admin"), "/api/v1/admin/dead-letters").statusCode(200).body("total", notNullValue());
    }

    @Test
    void theProdLogIsJsonAndHoldsNoTokenPasswordOrEventContent() throws Exception {
        String user = "discreet-" + UUID.randomUUID();
        String token = issuer.forUser(user);
        String marker = "raw" + UUID.randomUUID().toString().replace("-", "");
        post(token, "[{\"metric\":\"" + marker + "\",\"value\":1,\"unit\":\"ms\",\"tags\":{\"k\":\"" + marker + "\"}}]").statusCode(202);
        post(token, "[{\"metric\":\"" + marker + "\",\"value\":\"" + marker + "\"}]").statusCode(400);
        get(token + marker, "/api/v1/metrics/names").statusCode(401);

        List<String> lines = Files.readAllLines(Path.of("target/quarkus.log"));
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertTrue(line.startsWith("{") && JSON.readTree(line).has("message"), "a JSON log record: " + line);
        }
        String log = String.join("\n", lines);
        assertFalse(log.contains(token.substring(token.lastIndexOf('.') + 1)), "a token's signature in the log");
        assertFalse(log.contains(marker), "an event's content in the log");
        assertFalse(log.contains(servers.serviceConfig().get("netra.clickhouse.password")), "the ClickHouse password in the log");
    }

    @Test
    void aTokenSignedWithTheDevKeyIsRefusedInProduction() {
        get(Tokens.forUser("mallory", "admin"), "/api/v1/admin/resilience").statusCode(401).contentType("application/problem+json");
        post(Tokens.forUser("mallory"), "{\"metric\":\"m\",\"value\":1}").statusCode(401);
    }
}
