package io.netra.analytics.ingest;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netra.analytics.metric.MetricName;

/** A validated performance event, owned by {@code userId}. */
public record MetricEvent(UUID eventId, String userId, MetricName metric, double value, String unit,
        long timestampMillis, Map<String, String> tags, long receivedAtMillis) {

    public EventRow toRow(ObjectMapper json) {
        ObjectNode row = json.createObjectNode()
                .put("event_id", eventId.toString())
                .put("user_id", userId)
                .put("metric_name", metric.value())
                .put("value", value)
                .put("unit", unit)
                .put("event_time_ms", timestampMillis);
        ArrayNode keys = row.putArray("tag_keys");
        ArrayNode values = row.putArray("tag_values");
        tags.forEach((key, tagValue) -> {
            keys.add(key);
            values.add(tagValue);
        });
        row.put("received_at_ms", receivedAtMillis);
        return new EventRow(row.toString());
    }
}
