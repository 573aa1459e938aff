package io.netra.analytics.tenant;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Requests refused because their tenant was over a limit, by limit: never by tenant, whose number has no bound. */
@Singleton
public class TenantMetrics {

    final Counter overRate;
    final Counter overQueueShare;

    public TenantMetrics(MeterRegistry registry) {
        overRate = counter(registry, "ingest-rate");
        overQueueShare = counter(registry, "queue-share");
    }

    private static Counter counter(MeterRegistry registry, String limit) {
        return Counter.builder("netra.tenant.refusals").tag("limit", limit)
                .description("Requests refused because their tenant was over a limit: ingest-rate (429) or queue-share (503)")
                .register(registry);
    }

    /** A request was refused because its tenant holds its share of the outage queue. */
    public void refusedOverQueueShare() {
        overQueueShare.increment();
    }
}
