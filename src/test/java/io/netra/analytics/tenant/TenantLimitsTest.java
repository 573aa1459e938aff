package io.netra.analytics.tenant;

import static io.netra.analytics.support.Api.batch;
import static io.netra.analytics.support.Api.postEvents;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.support.Admin;
import io.netra.analytics.support.LocalServersResource;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A noisy tenant is slowed down, or kept to its share of the outage queue, while a quiet one is still acknowledged. */
@QuarkusTest
@TestProfile(TenantLimitsTest.NoisyTenants.class)
class TenantLimitsTest extends RealServersTest {

    public static class NoisyTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // one event a second after a burst of 20: a second request of the noisy tenant cannot pass
                    "netra.tenants.user.\"noisy\".ingest-rate", "1",
                    "netra.tenants.user.\"noisy\".ingest-burst", "20",
                    "netra.tenants.user.\"halved\".ingest-rate", "1",
                    "netra.tenants.user.\"halved\".ingest-burst", "20",
                    // 20 of the queue's 1,000,000 events
                    "netra.tenants.user.\"hoarder\".queue-share", "0.00002",
                    "netra.tenants.replica-heartbeat", "200ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServersResource.class));
        }
    }

    @Inject
    LiveReplicas replicas;
    @Inject
    NetraConfig config;

    private static double refusals(String limit) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("netra_tenant_refusals_total{") && line.contains("limit=\"" + limit + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void overItsRateATenantGets429WithRetryAfterWhileAnotherIsAcknowledged() {
        double before = refusals("ingest-rate");
        postEvents("noisy", batch("m", 20)).statusCode(202);

        postEvents("noisy", batch("m", 5)).statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("detail", containsString("netra.tenants.ingest-rate"));
        postEvents("quiet", batch("m", 50)).statusCode(202).body("clickhouse", equalTo(50));

        Admin.resilience().statusCode(200).body("tenants.mostRateLimited.tenant", hasItem("noisy"))
                .body("tenants.mostRateLimited.tenant", not(hasItem("quiet")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refusals("ingest-rate") >= before + 1);
    }

    @Test
    void duringAnOutageATenantHoldsNoMoreThanItsShareOfTheQueueWhileOthersStillQueue() {
        servers.stopClickHouse();
        postEvents("hoarder", batch("m", 20)).statusCode(202).body("queued", equalTo(20));

        postEvents("hoarder", batch("m", 10)).statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("eventIds", hasSize(10))
                .body("detail", containsString("netra.tenants.queue-share"));
        postEvents("quiet-in-outage", batch("m", 30)).statusCode(202).body("queued", equalTo(30));

        Admin.resilience().statusCode(200).body("tenants.largestInQueue[0].tenant", equalTo("quiet-in-outage"))
                .body("tenants.largestInQueue[1].tenant", equalTo("hoarder")).body("tenants.largestInQueue[1].events", equalTo(20));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refusals("queue-share") >= 1);
    }

    @Test
    void eachReplicaTakesItsShareOfATenantsRate() {
        // a second replica announces itself as the service's replicas do
        servers.redis("ZADD", config.tenants().replicasKey(), String.valueOf(System.currentTimeMillis() + 60_000), "another-replica");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replicas.count() == 2);

        // half the burst of 20 on this replica: 15 events empty it (and leave a debt), so one more must wait
        postEvents("halved", batch("m", 15)).statusCode(202);
        postEvents("halved", batch("m", 1)).statusCode(429);

        servers.redis("ZREM", config.tenants().replicasKey(), "another-replica");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replicas.count() == 1);
    }
}
