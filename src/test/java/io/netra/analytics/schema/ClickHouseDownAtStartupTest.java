package io.netra.analytics.schema;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.health.MetricsTableExistsCheck;
import io.netra.analytics.health.ReadinessCheck;
import io.netra.analytics.replay.Replayer;
import io.netra.analytics.support.Api;
import io.netra.analytics.support.InjectServers;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.LocalServersResource;
import io.netra.analytics.support.SchemaVersions;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/** The service boots on an empty machine whose ClickHouse is down, stays live, and migrates once it is up. */
@QuarkusTest
@TestProfile(ClickHouseDownAtStartupTest.ClickHouseStopped.class)
class ClickHouseDownAtStartupTest {

    public static class ClickHouseStopped implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServersResource.class, Map.of("clickhouse", "stopped")));
        }
    }

    private static final String TABLE_CHECK = "checks.find { it.name == '" + MetricsTableExistsCheck.NAME + "' }";
    private static final String READY = "checks.find { it.name == '" + ReadinessCheck.NAME + "' }";

    @Inject
    ClickHouseGateway clickhouse;
    @Inject
    MigrationCatalog catalog;
    @Inject
    Retention retention;
    @Inject
    Replayer replayer;
    @InjectServers
    LocalServers servers;

    @Test
    void startsDegradedThenMigratesWhenClickHouseAppears() {
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/group/schema").then().statusCode(503).body(TABLE_CHECK + ".status", equalTo("DOWN"));
        // degraded, not unready: events can still be queued in Redis
        given().get("/q/health/ready").then().statusCode(200).body(READY + ".data.degraded", equalTo(true));
        Api.postEvents("early-user", Api.event("early", 1)).statusCode(202).body("queued", equalTo(1));
        assertEquals(0, replayer.replayOnce().await().atMost(Duration.ofSeconds(10)), "nothing is replayed before the schema is in place");
        given().auth().oauth2(Tokens.forUser("early-user")).get("/api/v1/metrics/names").then().statusCode(503)
                .contentType("application/problem+json");

        servers.startClickHouse();
        // Two more replicas migrate at the same time as the service's own background migrator.
        List<Integer> versions = Uni.join().all(
                new SchemaMigrator(clickhouse, catalog, SchemaLayout.SINGLE_NODE, new SchemaState(), retention).migrate(),
                new SchemaMigrator(clickhouse, catalog, SchemaLayout.SINGLE_NODE, new SchemaState(), retention).migrate())
                .andFailFast().await().atMost(Duration.ofSeconds(30));

        assertEquals(List.of(SchemaVersions.latest(), SchemaVersions.latest()), versions);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/group/schema").then()
                .statusCode(200).body(TABLE_CHECK + ".status", equalTo("UP"))
                .body(TABLE_CHECK + ".data.schemaVersion", equalTo(SchemaVersions.latest())));
        given().get("/q/health/ready").then().statusCode(200).body(READY + ".data.degraded", equalTo(false));
        assertEquals(1, servers.count("SELECT count() FROM netra_analytics.schema_migrations FINAL WHERE version = 1"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> servers.count(
                "SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = 'early-user'") == 1);
        given().get("/q/health/live").then().statusCode(200);
    }
}
