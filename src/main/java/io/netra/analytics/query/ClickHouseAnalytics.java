package io.netra.analytics.query;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.resilience.RetryableFailures;
import io.netra.analytics.schema.SchemaState;
import io.netra.analytics.summary.MetricKinds;
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

    private static final Logger LOG = Logger.getLogger(ClickHouseAnalytics.class);

    private final QuerySources sources;
    private final AnswerKeeper cached;
    private final SchemaState schema;
    private final Clock clock;

    public ClickHouseAnalytics(ClickHouseGateway clickhouse, AnswerKeeper cached, SchemaState schema, Clock clock, MetricKinds kinds,
            NetraConfig config) {
        this.sources = new QuerySources(clickhouse::query, clickhouse::queryWithDecimals, kinds, config.query().maxHistogramPoints());
        this.cached = cached;
        this.schema = schema;
        this.clock = clock;
    }

    @RetryWhen(exception = RetryableFailures.FastTransient.class)
    @Retry(maxRetries = 1, delay = 50, jitter = 25, maxDuration = 1000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, successThreshold = 3,
            skipOn = { ClickHouseRejectedException.class, ProblemException.class })
    @CircuitBreakerName(Breakers.QUERY)
    // a question the data cannot answer (too many points) is the asker's problem, not an outage to fall back from
    @Fallback(fallbackMethod = "staleAnswer", skipOn = ProblemException.class)
    public Uni<ServedAnswer> answer(AnalyticsQuery query) {
        return schema.whenReady().chain(() -> query.answer(sources, clock.instant()))
                .chain(answer -> cached.keep(query, answer));
    }

    /**
     * The fallback: the same query, so the same user; the cached answer flagged stale, or 503 when there is none. An
     * outage is logged where ClickHouse's state changes; any other failure is a fault of ours, and logged here.
     */
    public Uni<ServedAnswer> staleAnswer(AnalyticsQuery query, Throwable failure) {
        if (!(failure instanceof ClickHouseUnavailableException || failure instanceof CircuitBreakerOpenException)) {
            LOG.errorf(failure, "A %s query failed other than by an outage", query.getClass().getSimpleName());
        }
        return cached.stale(query);
    }
}
