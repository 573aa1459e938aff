package io.netra.analytics.query;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.cache.QueryCache;
import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Answers a query from ClickHouse and keeps the answer for later; when ClickHouse fails, answers from the stale
 * cache entry of the same query, which carries the same user id, since the fallback receives the same argument.
 */
@ApplicationScoped
public class ClickHouseAnalytics {

    public static final String BREAKER = "clickhouse-query";
    private static final Logger LOG = Logger.getLogger(ClickHouseAnalytics.class);

    private final ClickHouseGateway clickhouse;
    private final QueryCache cache;
    private final SchemaState schema;
    private final QueryConfig config;
    private final ObjectMapper json;

    public ClickHouseAnalytics(ClickHouseGateway clickhouse, QueryCache cache, SchemaState schema, QueryConfig config, ObjectMapper json) {
        this.clickhouse = clickhouse;
        this.cache = cache;
        this.schema = schema;
        this.config = config;
        this.json = json;
    }

    @Timeout(5000)
    @Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = { ClickHouseRejectedException.class, CircuitBreakerOpenException.class })
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, successThreshold = 3,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(BREAKER)
    @Fallback(fallbackMethod = "staleAnswer")
    public Uni<AnalyticsAnswer> answer(AnalyticsQuery query) {
        if (!schema.isReady()) {
            return Uni.createFrom().failure(new ClickHouseUnavailableException("the schema is not migrated yet", null));
        }
        return clickhouse.query(query.sql())
                .map(rows -> new AnalyticsAnswer(query.shape(rows, json), AnalyticsAnswer.CLICKHOUSE, false, Instant.now()))
                .call(answer -> cache.put(query, new QueryCache.Entry(answer.data(), answer.computedAt()))
                        .onFailure().recoverWithNull());
    }

    /** The fallback: the same query, so the same user; a stale answer, or 503 when there is none. */
    public Uni<AnalyticsAnswer> staleAnswer(AnalyticsQuery query) {
        return cache.get(query)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("No cached answer, Redis failed too: %s", failure.getMessage());
                    return Optional.empty();
                })
                .map(entry -> entry
                        .map(found -> new AnalyticsAnswer(found.data(), AnalyticsAnswer.CACHE, true, found.computedAt()))
                        .orElseThrow(() -> ProblemException.unavailable(
                                "Analytics are temporarily unavailable and no earlier answer to this query is cached.",
                                config.retryAfter())));
    }
}
