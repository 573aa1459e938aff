package io.netra.analytics.resilience;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.query.ClickHouseAnalytics;
import io.netra.analytics.query.MetricNamesQuery;
import io.netra.analytics.query.ServedAnswer;
import io.netra.analytics.support.Admin;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** The query breaker's transitions with the thresholds configured for it, driven by a real ClickHouse outage. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class BreakerTransitionsTest extends RealServersTest {

    private static final List<CircuitBreakerState> TRANSITIONS = Collections.synchronizedList(new ArrayList<>());
    private static boolean listening;

    @Inject
    ClickHouseAnalytics analytics;
    @ConfigProperty(name = "quarkus.fault-tolerance.\"io.netra.analytics.query.ClickHouseAnalytics/answer\".circuit-breaker.request-volume-threshold")
    int requestVolumeThreshold;

    private final MetricNamesQuery query = new MetricNamesQuery("breaker-" + UUID.randomUUID(), 10, 0, 50, 20);

    @BeforeEach
    void listenToTheQueryBreaker() {
        if (!listening) {
            breakers.onStateChange(Breakers.QUERY, TRANSITIONS::add);
            listening = true;
        }
        TRANSITIONS.clear();
    }

    /** One call; true when ClickHouse answered (a stale or failed answer is false). */
    private boolean call() {
        try {
            ServedAnswer answer = analytics.answer(query).await().atMost(Duration.ofSeconds(30));
            return !answer.stale();
        } catch (RuntimeException noCachedAnswer) {
            return false;
        }
    }

    private CircuitBreakerState state() {
        return breakers.currentState(Breakers.QUERY);
    }

    private void openByOutage() {
        servers.stopClickHouse();
        // every call is a failure; the window fills after requestVolumeThreshold attempts (a call retries once)
        for (int attempt = 0; attempt < requestVolumeThreshold && state() != CircuitBreakerState.OPEN; attempt++) {
            call();
        }
        assertEquals(CircuitBreakerState.OPEN, state());
    }

    @Test
    void closedOpenHalfOpenOpenWhileClickHouseStaysDown() {
        openByOutage();

        // after the delay, the next call is a trial; it fails, so the breaker opens again
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            call();
            return TRANSITIONS.contains(CircuitBreakerState.HALF_OPEN);
        });

        assertEquals(List.of(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN, CircuitBreakerState.OPEN), TRANSITIONS);
    }

    @Test
    void closesGraduallyAfterSeveralSuccessfulTrialsOnceClickHouseIsBack() {
        openByOutage();
        servers.startClickHouse();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(this::call);
        assertEquals(CircuitBreakerState.HALF_OPEN, state(), "one successful trial is not enough to close");
        while (state() == CircuitBreakerState.HALF_OPEN) {
            assertTrue(call(), "ClickHouse is up: trials succeed");
        }

        assertEquals(CircuitBreakerState.CLOSED, state());
        assertEquals(List.of(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED), TRANSITIONS);
    }

    @Test
    void anOperatorClosesAnOpenBreakerByHandAndUnknownNamesAre404() {
        openByOutage();
        servers.startClickHouse();

        Admin.resetBreaker(Breakers.QUERY).statusCode(200).body("'clickhouse-query'", equalTo("closed"));

        assertEquals(CircuitBreakerState.CLOSED, state());
        assertTrue(call());
        Admin.resetBreaker("no-such-breaker").statusCode(404).contentType("application/problem+json");
        Admin.resilience().statusCode(200).body("breakers.'clickhouse-query'", equalTo("closed"));
    }
}
