package io.netra.analytics.resilience;

import java.util.function.Predicate;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;

/** Which ClickHouse failures are worth another attempt at once; used with SmallRye's {@code @RetryWhen}. */
public final class RetryableFailures {

    private RetryableFailures() {
    }

    /**
     * An outage that may pass by itself (not a refused login, a missing schema, emergency mode or refused data) and
     * came back fast: ingest and queries both answer within a latency budget, which a timed-out attempt has spent.
     */
    public static final class FastTransient implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof ClickHouseUnavailableException unavailable && unavailable.isTransient()
                    && unavailable.state() != ClickHouseState.TIMEOUT;
        }
    }
}
