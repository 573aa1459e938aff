package io.netra.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.health.ReadinessCheck;
import io.netra.analytics.support.Api;
import io.netra.analytics.support.LocalServersResource;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged application (the JVM jar, or the native executable with -Dnative) in the prod profile against
 * real servers: it starts, migrates, takes events, answers queries and the admin API, and reports problems as JSON.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalServersResource.class)
class PackagedApplicationIT {

    private static final String READY = "checks.find { it.name == '" + ReadinessCheck.NAME + "' }.data";

    @Test
    void startsMigratesRecordsAndAnswers() {
        given().get("/q/health/live").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body(READY + ".clickhouse", equalTo("up")).body(READY + ".schemaVersion", equalTo(1)));

        Api.postEvents("packaged-user", "[" + Api.event("native.check", 1) + "," + Api.event("native.check", 3) + "]")
                .statusCode(202).body("clickhouse", equalTo(2));

        given().auth().oauth2(Tokens.forUser("packaged-user")).get("/api/v1/metrics/names").then().statusCode(200)
                .body("source", equalTo("clickhouse")).body("metrics[0].name", equalTo("native.check"))
                .body("metrics[0].count", equalTo(2));
        given().auth().oauth2(Tokens.forUser("packaged-user")).get("/api/v1/metrics/summary?metric=native.check&interval=1h")
                .then().statusCode(200).body("buckets[0].count", equalTo(2)).body("buckets[0].max", equalTo(3.0f));
        given().auth().oauth2(Tokens.forUser("packaged-user")).get("/api/v1/metrics/events?metric=native.check&limit=1")
                .then().statusCode(200).body("events.size()", equalTo(1)).body("nextCursor", notNullValue());
        Api.postEvents("packaged-user", "{\"metric\":\"\",\"value\":1}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("metric"));
        given().get("/api/v1/metrics/names").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.forUser("root", "admin")).get("/api/v1/admin/resilience").then().statusCode(200)
                .body("mode.mode", equalTo("normal")).body("breakers.'clickhouse-ingest'", equalTo("closed"))
                .body("replay.batchSize", notNullValue());
        given().auth().oauth2(Tokens.forUser("root", "admin")).get("/api/v1/admin/mode").then().statusCode(200)
                .body("mode", equalTo("normal"));
    }
}
