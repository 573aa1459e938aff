package io.netra.analytics.ingest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.micrometer.core.instrument.Timer;
import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Writes a batch to ClickHouse, or, when ClickHouse cannot take it, to the outage queue. A refusal (bad data,
 * wrong schema, auth) is neither retried, nor counted by the breaker, nor queued: the caller isolates the bad events.
 * Every number here can be overridden with MicroProfile Fault Tolerance properties (see README); durations are
 * in milliseconds so an override never has to restate the unit.
 */
@ApplicationScoped
public class ClickHouseEventWriter {

    public static final String BREAKER = "clickhouse-ingest";
    public static final String REPLAY_BREAKER = "clickhouse-replay";
    static final String TABLE = "netra_analytics.performance_metrics";

    private final ClickHouseGateway clickhouse;
    private final OutageQueue outageQueue;
    private final SchemaState schema;
    private final IngestMetrics metrics;

    public ClickHouseEventWriter(ClickHouseGateway clickhouse, OutageQueue outageQueue, SchemaState schema,
            IngestMetrics metrics) {
        this.clickhouse = clickhouse;
        this.outageQueue = outageQueue;
        this.schema = schema;
        this.metrics = metrics;
    }

    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10_000,
            abortOn = { ClickHouseRejectedException.class, CircuitBreakerOpenException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 15_000, successThreshold = 3,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(BREAKER)
    @Fallback(fallbackMethod = "queue", skipOn = ClickHouseRejectedException.class)
    public Uni<Destination> write(List<EventRow> rows) {
        if (!schema.isReady()) {
            return Uni.createFrom().failure(new ClickHouseUnavailableException("the schema is not migrated yet", null));
        }
        return insert(rows).replaceWith(Destination.CLICKHOUSE);
    }

    /**
     * For the replayer, which must never queue what it drains from the queue. Its own breaker: each replay tick is
     * the trial call that lets it half-open and close again without waiting for live traffic.
     */
    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(REPLAY_BREAKER)
    public Uni<Void> replay(List<EventRow> rows) {
        return insert(rows);
    }

    private Uni<Void> insert(List<EventRow> rows) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return clickhouse.insertJsonEachRow(TABLE, EventRow.jsonEachRow(rows))
                    .invoke(() -> sample.stop(metrics.insertLatency));
        });
    }

    Uni<Destination> queue(List<EventRow> rows) {
        return outageQueue.enqueue(rows).replaceWith(Destination.QUEUED);
    }
}
