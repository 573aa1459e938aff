package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.support.LogCapture;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A query that fails for a reason of ours (a bug in building the answer) is logged with its cause, where an outage is
 * not (ClickHouse's state changes are logged where they happen): otherwise it would be a silent 503.
 */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class QueryFailureLogTest extends RealServersTest {

    @Inject
    ClickHouseAnalytics analytics;

    private final MetricNamesQuery query = new MetricNamesQuery("logged-" + UUID.randomUUID(), 10, 0, 50, 20);

    private void fallBackFrom(Throwable failure) {
        ProblemException unanswered = assertThrows(ProblemException.class,
                () -> analytics.staleAnswer(query, failure).await().atMost(Duration.ofSeconds(10)));
        assertEquals(503, unanswered.problem().status(), "nothing cached for this user: 503, whatever the failure");
    }

    @Test
    void aFailureOfOursIsLoggedWithItsCauseAndAnOutageIsNot() {
        try (LogCapture log = LogCapture.of(ClickHouseAnalytics.class)) {
            fallBackFrom(new ClickHouseUnavailableException(ClickHouseState.UNREACHABLE, "connection refused", null));
            fallBackFrom(new CircuitBreakerOpenException("clickhouse-query"));
            assertEquals(0, log.records().size(), "outages are not logged per query");

            fallBackFrom(new NullPointerException("a bug"));
            assertEquals(1, log.records().size());
            assertInstanceOf(NullPointerException.class, log.records().get(0).getThrown());
        }
    }
}
