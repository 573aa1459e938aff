package io.netra.analytics.ingest;

import java.time.temporal.ChronoUnit;
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
 * Every number here can be overridden with MicroProfile Fault Tolerance properties (see README).
 */
@ApplicationScoped
public class ClickHouseEventWriter {

    public static final String BREAKER = "clickhouse-ingest";
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

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10, durationUnit = ChronoUnit.SECONDS,
            abortOn = { ClickHouseRejectedException.class, CircuitBreakerOpenException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 15, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 3, skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(BREAKER)
    @Fallback(fallbackMethod = "queue", skipOn = ClickHouseRejectedException.class)
    public Uni<Destination> write(List<EventRow> rows) {
        if (!schema.isReady()) {
            return Uni.createFrom().failure(new ClickHouseUnavailableException("the schema is not migrated yet", null));
        }
        return insert(rows).replaceWith(Destination.CLICKHOUSE);
    }

    /** The raw insert, for the replayer, which must never queue what it is draining from the queue. */
    public Uni<Void> insert(List<EventRow> rows) {
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
