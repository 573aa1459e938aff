package io.netra.analytics.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.InjectServers;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.RealServersProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Kubernetes probes: liveness never follows a dependency; readiness is DOWN only when nothing can take events. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class ProbesTest {

    private static final String READY = "checks.find { it.name == '" + ReadinessCheck.NAME + "' }";
    @InjectServers
    LocalServers servers;

    @AfterEach
    void mend() {
        servers.ensureRunning();
    }

    private static void live() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void readinessDegradesWithClickHouseDownAndFailsOnlyWithBothDown() {
        servers.ensureRunning();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body(READY + ".data.degraded", equalTo(false)));
        live();

        servers.stopClickHouse();
        given().get("/q/health/ready").then().statusCode(200)
                .body(READY + ".status", equalTo("UP")).body(READY + ".data.degraded", equalTo(true))
                .body(READY + ".data.clickhouse", equalTo("unreachable")).body(READY + ".data.redis", equalTo("up"));
        live();

        servers.stopRedis();
        given().get("/q/health/ready").then().statusCode(503)
                .body(READY + ".data.redis", equalTo("unreachable")).body(READY + ".data.clickhouse", equalTo("unreachable"));
        live();

        servers.startClickHouse();
        given().get("/q/health/ready").then().statusCode(200).body(READY + ".data.redis", equalTo("unreachable"))
                .body(READY + ".data.clickhouse", equalTo("up"));
        live();
    }
}
