package io.netra.analytics.ingest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

import io.micrometer.core.instrument.Timer;
import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.Deadline;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.resilience.RetryableFailures;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Inserts batches into ClickHouse behind circuit breakers; where a batch goes when ClickHouse cannot take it is the
 * router's decision. Every outage counts against a breaker, a refused login and a missing schema included; a
 * refusal of the data is neither retried nor counted. Every number here can be overridden with
 * {@code quarkus.fault-tolerance."<class>/<method>"} keys (see docs/configuration.md); durations are in milliseconds.
 */
@ApplicationScoped
public class ClickHouseInserter {

    private final ClickHouseGateway clickhouse;
    private final SchemaState schema;
    private final IngestMetrics metrics;

    public ClickHouseInserter(ClickHouseGateway clickhouse, SchemaState schema, IngestMetrics metrics) {
        this.clickhouse = clickhouse;
        this.schema = schema;
        this.metrics = metrics;
    }

    /**
     * Live ingest: over by {@code deadline}, the end of the request's latency budget. Retried only after failures
     * that came back fast: a timed-out attempt has spent the budget.
     */
    @RetryWhen(exception = RetryableFailures.FastTransient.class)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, maxDuration = 10_000)
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 15_000, successThreshold = 3,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(Breakers.INGEST)
    public Uni<Void> write(List<Row> rows, Deadline deadline) {
        return insert(rows, Optional.of(deadline));
    }

    /**
     * For the replayer, which has no client waiting and gets the whole insert deadline. Its own breaker: each replay
     * tick is the trial call that lets it half-open and close again without waiting for live traffic.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = ClickHouseRejectedException.class)
    @CircuitBreakerName(Breakers.REPLAY)
    public Uni<Void> replay(List<Row> rows) {
        return insert(rows, Optional.empty());
    }

    /** One insert per table the rows belong to, one after the other; a failure fails the whole batch (ids deduplicate its retry). */
    private Uni<Void> insert(List<Row> rows, Optional<Deadline> deadline) {
        Map<RowTable, List<Row>> byTable = new EnumMap<>(RowTable.class);
        rows.forEach(row -> byTable.computeIfAbsent(row.table(), table -> new ArrayList<>()).add(row));
        return schema.whenReady().chain(() -> Multi.createFrom().iterable(byTable.entrySet())
                .onItem().transformToUniAndConcatenate(table -> {
                    Timer.Sample sample = Timer.start();
                    return clickhouse.insertJsonEachRow(table.getKey().qualifiedName(), Row.jsonEachRow(table.getValue()), deadline)
                            .invoke(() -> sample.stop(metrics.insertLatency)).replaceWith(table.getKey());
                })
                .collect().last().replaceWithVoid());
    }
}
