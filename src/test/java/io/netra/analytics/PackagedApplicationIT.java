package io.netra.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

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
 * real servers: it starts, migrates, takes events and answers queries.
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
        given().get("/api/v1/metrics/names").then().statusCode(401);
    }
}
