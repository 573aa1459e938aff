package io.netra.analytics.ingest;

import java.util.Map;
import java.util.UUID;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.model.MetricName;

/** A validated performance event, owned by {@code userId}. */
public record MetricEvent(UUID eventId, String userId, MetricName metric, double value, String unit,
        long timestampMillis, Map<String, String> tags, long receivedAtMillis) {

    /** The row ClickHouse stores, event_id first: the replayer recognises the service's rows by that start. */
    public Row toRow() {
        return new JsonRowWriter(160 + userId.length() + tags.size() * 48)
                .string("event_id", eventId.toString())
                .string("user_id", userId)
                .string("metric_name", metric.value())
                .number("value", value)
                .string("unit", unit)
                .number("event_time_ms", timestampMillis)
                .strings("tag_keys", tags.keySet())
                .strings("tag_values", tags.values())
                .number("received_at_ms", receivedAtMillis)
                .row(RowTable.EVENTS);
    }
}
