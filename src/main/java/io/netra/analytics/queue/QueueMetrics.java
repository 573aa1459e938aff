package io.netra.analytics.queue;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.runtime.Startup;

/** The outage queue's and the dead letters' meters, named as the alert rules and the dashboard read them. */
@Startup
@Singleton
public class QueueMetrics {

    final Counter deadLettered;
    final AtomicLong depth = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong oldestAgeSeconds = new AtomicLong();

    public QueueMetrics(MeterRegistry registry, NetraConfig config) {
        NetraConfig.OutageQueue queue = config.outageQueue();
        deadLettered = Counter.builder("netra.ingest.events.dead.lettered")
                .description("Events ClickHouse refused for their content, kept in the dead-letter stream").register(registry);
        Gauge.builder("netra.outage.queue.depth", depth, AtomicLong::get)
                .description("Events waiting in the outage queue").register(registry);
        Gauge.builder("netra.outage.queue.capacity", queue, NetraConfig.OutageQueue::maxEvents)
                .description("Events the outage queue may hold before ingestion answers 503").register(registry);
        Gauge.builder("netra.outage.queue.bytes", bytes, AtomicLong::get)
                .description("Bytes of rows waiting in the outage queue").register(registry);
        Gauge.builder("netra.outage.queue.capacity.bytes", queue, NetraConfig.OutageQueue::maxBytes)
                .description("Bytes the outage queue may hold before ingestion answers 503").register(registry);
        Gauge.builder("netra.outage.queue.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest event waiting in the outage queue (replay lag)").register(registry);
    }
}
