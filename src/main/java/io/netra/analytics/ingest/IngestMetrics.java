package io.netra.analytics.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The ingestion meters, in one place so their names stay consistent with the alert rules and dashboard. What a door
 * counts is labelled by its protocol ({@code json}, {@code otlp-http}, {@code otlp-grpc}); batches and inserts are
 * shared by all.
 */
@Startup
@Singleton
public class IngestMetrics {

    public static final String JSON = "json";

    final DistributionSummary batchSize;
    final Timer insertLatency;
    private final MeterRegistry registry;
    private final Map<String, Door> doors = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        batchSize = DistributionSummary.builder("netra.ingest.batch.size").description("Events per ClickHouse insert")
                .publishPercentileHistogram().register(registry);
        insertLatency = Timer.builder("netra.ingest.insert.latency").description("ClickHouse insert time per batch")
                .publishPercentileHistogram().register(registry);
        door(JSON);
    }

    /** The counters of one door. */
    public static final class Door {
        private final Counter accepted;
        private final Counter storedInClickHouse;
        private final Counter queued;
        private final Counter rejectedRequests;
        private final Counter rejectedPoints;

        private Door(MeterRegistry registry, String protocol) {
            accepted = Counter.builder("netra.ingest.events.accepted").tag("protocol", protocol)
                    .description("Events (or data points) acknowledged once stored").register(registry);
            storedInClickHouse = Counter.builder("netra.ingest.events.stored").tag("destination", "clickhouse").tag("protocol", protocol)
                    .description("Events written to ClickHouse on ingest").register(registry);
            queued = Counter.builder("netra.ingest.events.stored").tag("destination", "queued").tag("protocol", protocol)
                    .description("Events put in the outage queue on ingest").register(registry);
            rejectedRequests = Counter.builder("netra.ingest.requests.rejected").tag("protocol", protocol)
                    .description("Requests rejected as invalid").register(registry);
            rejectedPoints = Counter.builder("netra.ingest.points.rejected").tag("protocol", protocol)
                    .description("OTLP data points refused for their content (partial success)").register(registry);
        }

        /** A request's events are stored: how many, and where. */
        public void stored(Map<Destination, Integer> counts) {
            int all = counts.values().stream().mapToInt(Integer::intValue).sum();
            accepted.increment(all);
            storedInClickHouse.increment(counts.getOrDefault(Destination.CLICKHOUSE, 0));
            queued.increment(counts.getOrDefault(Destination.QUEUED, 0));
        }

        public void rejectedRequest() {
            rejectedRequests.increment();
        }

        public void rejectedPoints(long points) {
            rejectedPoints.increment(points);
        }
    }

    public Door door(String protocol) {
        return doors.computeIfAbsent(protocol, name -> new Door(registry, name));
    }
}
