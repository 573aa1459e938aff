package io.netra.analytics.ingest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The 202 body: how many events were accepted, where they are, and their ids (generated ones included). */
@RegisterForReflection
public record IngestReceipt(int accepted, int clickhouse, int queued, int deadLettered, List<UUID> eventIds) {

    static IngestReceipt of(List<MetricEvent> events, Map<Destination, Integer> stored) {
        return new IngestReceipt(events.size(),
                stored.getOrDefault(Destination.CLICKHOUSE, 0),
                stored.getOrDefault(Destination.QUEUED, 0),
                stored.getOrDefault(Destination.DEAD_LETTER, 0),
                events.stream().map(MetricEvent::eventId).toList());
    }
}
