package io.netra.analytics.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;

class RetryableFailuresTest {

    private static ClickHouseUnavailableException outage(ClickHouseState state) {
        return new ClickHouseUnavailableException(state, state.label(), null);
    }

    @Test
    void onlyOutagesThatMayPassByThemselvesAndCameBackFastAreRetried() {
        RetryableFailures.FastTransient retry = new RetryableFailures.FastTransient();
        assertTrue(retry.test(outage(ClickHouseState.UNREACHABLE)));
        assertTrue(retry.test(outage(ClickHouseState.FAILING)));
        assertFalse(retry.test(outage(ClickHouseState.TIMEOUT)), "a timed-out attempt has spent the budget");
        assertFalse(retry.test(outage(ClickHouseState.CREDENTIALS_REJECTED)));
        assertFalse(retry.test(outage(ClickHouseState.SCHEMA_MISSING)));
        assertFalse(retry.test(outage(ClickHouseState.DISABLED)));
        assertFalse(retry.test(new ClickHouseRejectedException(27, "bad data", null)));
        assertFalse(retry.test(new CircuitBreakerOpenException()));
    }
}
