package io.netra.analytics.health;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.netra.analytics.config.NetraConfig;

/**
 * Publishes histogram buckets for HTTP request latency, so dashboards can show p95/p99 across replicas, with a bucket
 * exactly at each latency budget (ingest and query): the latency objective's alerts count the answers above it.
 */
@Singleton
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter httpServerHistograms(NetraConfig config) {
        double[] budgets = {config.ingest().latencyBudget().toNanos(), config.query().latencyBudget().toNanos()};
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig distribution) {
                if (id.getName().equals("http.server.requests")) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).serviceLevelObjectives(budgets).build()
                            .merge(distribution);
                }
                return distribution;
            }
        };
    }
}
