package io.netra.analytics.query;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.resilience.RetryableFailures;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * Answers a query from ClickHouse and caches the answer; when ClickHouse fails, answers from the cached entry of
 * the same query, which is the same user's, since the fallback receives the same argument. A retry happens only
 * for a failure that came back fast, and only within the first second: a timed-out attempt has already spent the
 * interactive budget. Each attempt's deadline is {@code netra.clickhouse.query-timeout}, enforced by the gateway.
 */
@ApplicationScoped
public class ClickHouseAnalytics implements AnswerSource {

    private final ClickHouseGateway clickhouse;
    private final AnswerKeeper cached;
    private final SchemaState schema;
    private final Clock clock;

    public ClickHouseAnalytics(ClickHouseGateway clickhouse, AnswerKeeper cached, SchemaState schema, Clock clock) {
        this.clickhouse = clickhouse;
        this.cached = cached;
        this.schema = schema;
        this.clock = clock;
    }

    @RetryWhen(exception = RetryableFailures.FastTransient.class)
    @Retry(maxRetries = 1, delay = 50, jitter = 25, maxDuration = 1000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, successThreshold = 3,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(Breakers.QUERY)
    @Fallback(fallbackMethod = "staleAnswer")
    public Uni<ServedAnswer> answer(AnalyticsQuery query) {
        return schema.whenReady().chain(() -> clickhouse.query(query.sql()))
                .map(rows -> query.answer(rows, clock.instant()))
                .chain(answer -> cached.keep(query, answer));
    }

    /** The fallback: the same query, so the same user; the cached answer flagged stale, or 503 when there is none. */
    public Uni<ServedAnswer> staleAnswer(AnalyticsQuery query) {
        return cached.stale(query);
    }
}
