package io.netra.analytics.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseStateView;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * For tests that break servers: each starts with both servers up, closed breakers and the schema in place, and every
 * response they receive is held to the OpenAPI document.
 */
public abstract class RealServersTest {

    protected static final Duration RECOVERY = Duration.ofSeconds(60);

    @Inject
    protected SchemaState schema;
    @Inject
    protected CircuitBreakerMaintenance breakers;
    @Inject
    protected ClickHouseStateView clickhouse;
    @InjectServers
    protected LocalServers servers;

    @BeforeAll
    static void holdResponsesToTheContract() {
        Contract.checkEveryResponse();
    }

    @BeforeEach
    void healthyServers() {
        servers.ensureRunning();
        breakers.resetAll();
        Awaitility.await().atMost(RECOVERY).until(schema::isReady);
        // the service knows ClickHouse answers once a call succeeds; readiness makes one
        Awaitility.await().atMost(RECOVERY).until(() -> {
            given().get("/q/health/ready");
            return clickhouse.state() == ClickHouseState.UP;
        });
    }

    @AfterEach
    void mendServers() {
        servers.ensureRunning();
    }
}
