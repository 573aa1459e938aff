package io.netra.analytics.ingest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;

import io.micrometer.core.instrument.Timer;
import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.resilience.RetryableFailures;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * Writes a batch to ClickHouse, or, when ClickHouse cannot take it, to the outage queue. Every outage counts
 * against the breaker, a refused login and a missing schema included; only a refusal of the data is neither retried,
 * nor counted, nor queued: the caller isolates the refused events. Each attempt's deadline is
 * {@code netra.clickhouse.insert-timeout}, enforced by the gateway (a fault-tolerance timeout could not stop the
 * blocking call). Every number here can be overridden with {@code quarkus.fault-tolerance."<class>/<method>"} keys
 * (see README); durations are in milliseconds.
 */
@ApplicationScoped
public class ClickHouseEventWriter {

    private final ClickHouseGateway clickhouse;
    private final OutageQueue outageQueue;
    private final SchemaState schema;
    private final IngestMetrics metrics;

    public ClickHouseEventWriter(ClickHouseGateway clickhouse, OutageQueue outageQueue, SchemaState schema, IngestMetrics metrics) {
        this.clickhouse = clickhouse;
        this.outageQueue = outageQueue;
        this.schema = schema;
        this.metrics = metrics;
    }

    @RetryWhen(exception = RetryableFailures.Transient.class)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10_000)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 15_000, successThreshold = 3,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(Breakers.INGEST)
    @Fallback(fallbackMethod = "queue", skipOn = ClickHouseRejectedException.class)
    public Uni<Destination> write(List<EventRow> rows) {
        return insert(rows).replaceWith(Destination.CLICKHOUSE);
    }

    /**
     * For the replayer, which must never queue what it drains from the queue. Its own breaker: each replay tick is
     * the trial call that lets it half-open and close again without waiting for live traffic.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(Breakers.REPLAY)
    public Uni<Void> replay(List<EventRow> rows) {
        return insert(rows);
    }

    private Uni<Void> insert(List<EventRow> rows) {
        return Uni.createFrom().deferred(() -> {
            if (!schema.isReady()) {
                return Uni.createFrom().failure(new ClickHouseUnavailableException(ClickHouseState.SCHEMA_MISSING,
                        "the schema is not migrated yet", null));
            }
            Timer.Sample sample = Timer.start();
            return clickhouse.insertJsonEachRow(Tables.METRICS, EventRow.jsonEachRow(rows))
                    .invoke(() -> sample.stop(metrics.insertLatency));
        });
    }

    Uni<Destination> queue(List<EventRow> rows) {
        return outageQueue.enqueue(rows).replaceWith(Destination.QUEUED);
    }
}
