package io.netra.analytics.ingest;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.runtime.Startup;

/** The ingestion meters, in one place so their names stay consistent with the alert rules and dashboard. */
@Startup
@Singleton
public class IngestMetrics {

    final Counter accepted;
    final Counter rejected;
    final Counter storedInClickHouse;
    final Counter queued;
    final Counter replayed;
    final Counter deadLettered;
    final DistributionSummary batchSize;
    final Timer insertLatency;
    final AtomicLong queueDepth = new AtomicLong();
    final AtomicLong queueBytes = new AtomicLong();
    final AtomicLong oldestQueuedAgeSeconds = new AtomicLong();

    public IngestMetrics(MeterRegistry registry, NetraConfig config) {
        NetraConfig.OutageQueue queue = config.outageQueue();
        accepted = Counter.builder("netra.ingest.events.accepted").description("Events acknowledged with 202").register(registry);
        rejected = Counter.builder("netra.ingest.requests.rejected").description("Requests rejected as invalid").register(registry);
        storedInClickHouse = Counter.builder("netra.ingest.events.stored").tag("destination", "clickhouse")
                .description("Events written to ClickHouse on ingest").register(registry);
        queued = Counter.builder("netra.ingest.events.stored").tag("destination", "queued")
                .description("Events put in the outage queue on ingest").register(registry);
        replayed = Counter.builder("netra.ingest.events.replayed").description("Events moved from the outage queue to ClickHouse").register(registry);
        deadLettered = Counter.builder("netra.ingest.events.dead.lettered")
                .description("Events ClickHouse refused for their content, kept in the dead-letter stream").register(registry);
        batchSize = DistributionSummary.builder("netra.ingest.batch.size").description("Events per ClickHouse insert")
                .publishPercentileHistogram().register(registry);
        insertLatency = Timer.builder("netra.ingest.insert.latency").description("ClickHouse insert time per batch")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("netra.outage.queue.depth", queueDepth, AtomicLong::get)
                .description("Events waiting in the outage queue").register(registry);
        Gauge.builder("netra.outage.queue.capacity", queue, NetraConfig.OutageQueue::maxEvents)
                .description("Events the outage queue may hold before ingestion answers 503").register(registry);
        Gauge.builder("netra.outage.queue.bytes", queueBytes, AtomicLong::get)
                .description("Bytes of rows waiting in the outage queue").register(registry);
        Gauge.builder("netra.outage.queue.capacity.bytes", queue, NetraConfig.OutageQueue::maxBytes)
                .description("Bytes the outage queue may hold before ingestion answers 503").register(registry);
        Gauge.builder("netra.outage.queue.oldest.age.seconds", oldestQueuedAgeSeconds, AtomicLong::get)
                .description("Age of the oldest event waiting in the outage queue (replay lag)").register(registry);
    }
}
