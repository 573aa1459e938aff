package io.netra.analytics.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.queue.QueueRefusedException;
import io.netra.analytics.tenant.IngestRateLimiter;
import io.netra.analytics.tenant.TenantMetrics;
import io.smallrye.mutiny.Uni;

/**
 * The one way in for rows, whichever door they came through (the JSON API, OTLP over HTTP or gRPC): the tenant's
 * rate, then group commit, ClickHouse within the latency budget or the outage queue. The doors turn its failures
 * into their protocol's answers.
 */
@ApplicationScoped
public class Ingestion {

    private final IngestRateLimiter rates;
    private final IngestBatcher batcher;
    private final TenantMetrics tenantMetrics;

    public Ingestion(IngestRateLimiter rates, IngestBatcher batcher, TenantMetrics tenantMetrics) {
        this.rates = rates;
        this.batcher = batcher;
        this.tenantMetrics = tenantMetrics;
    }

    /** The tenant sent more than its rate allows: nothing was stored; the client should wait {@link #retryAfter()}. */
    public static class OverRateException extends RuntimeException {
        private final Duration retryAfter;

        OverRateException(String tenant, Duration retryAfter) {
            super("tenant " + tenant + " is over its ingest rate (netra.tenants.ingest-rate)");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Completes with how many of {@code rows} went to each destination once all are durable (counting events and
     * points, as the rate does: the rows that describe points go with them); fails with
     * {@link OverRateException}, a {@code QueueRefusedException}, or any failure that left some rows stored nowhere.
     */
    public Uni<Map<Destination, Integer>> submit(String tenant, List<Row> rows) {
        return rates.admit(tenant, Row.dataRows(rows))
                .<Uni<Map<Destination, Integer>>>map(wait -> Uni.createFrom().failure(new OverRateException(tenant, wait)))
                .orElseGet(() -> batcher.submit(tenant, rows).onFailure(Ingestion::overQueueShare).invoke(tenantMetrics::refusedOverQueueShare));
    }

    private static boolean overQueueShare(Throwable failure) {
        return failure instanceof QueueRefusedException refused && refused.reason() == QueueRefusedException.Reason.TENANT_SHARE;
    }
}
