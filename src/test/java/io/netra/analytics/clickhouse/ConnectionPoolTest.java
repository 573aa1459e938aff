package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.support.InjectServers;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.RealServersProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/** Failing, hanging and succeeding calls leave no connection leased, and the pool works again without a restart. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class ConnectionPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ClickHouseGateway clickhouse;
    @Inject
    MeterRegistry registry;

    @InjectServers
    LocalServers servers;

    @AfterEach
    void mend() {
        servers.ensureRunning();
    }

    private double connections(String state) {
        return registry.get("httpcomponents.httpclient.pool.total.connections")
                .tag("httpclient", "clickhouse").tag("state", state).gauge().value();
    }

    /** Fires {@code count} queries at once and waits until each has answered or failed. */
    private void burst(int count) {
        List<Uni<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(clickhouse.query("SELECT " + i + " AS n").map(rows -> true).onFailure().recoverWithItem(false));
        }
        Uni.join().all(calls).andCollectFailures().await().atMost(WAIT);
    }

    @Test
    void noConnectionStaysLeasedThroughOutagesHangsAndRestarts() {
        servers.ensureRunning();
        burst(40);

        servers.stopClickHouse();
        burst(40);
        servers.startClickHouse();
        burst(40);

        servers.hangClickHouse();
        // calls pile up on the hung server until the socket timeout frees them
        burst(20);
        servers.resumeClickHouse();
        burst(40);

        Awaitility.await().atMost(WAIT).until(() -> connections("leased") == 0);
        assertEquals(1, clickhouse.query("SELECT 1 AS n").await().atMost(WAIT).get(0).get("n").asInt(),
                "the pool serves queries again without a restart");
        assertEquals(0, connections("leased"));
    }
}
