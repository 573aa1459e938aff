package io.netra.analytics.otlp;

import java.util.UUID;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.Metric;

/**
 * What every row of one metric's points shares: whose points they are, the metric and its type, the resource and
 * scope they came from, and the identity of the series they belong to. Each point then adds its attributes and times.
 */
final class MetricRows {

    /** A resource or a scope, worked out once for all the points under it. */
    record Origin(String serviceName, Attributes resource, String scopeName, String scopeVersion, Attributes scope) {
    }

    private final String owner;
    private final Metric metric;
    private final String type;
    private final int temporality;
    private final boolean monotonic;
    private final Origin origin;
    private final Attributes metadata;
    private final long receivedAtMillis;
    private final Identity identity;

    MetricRows(String owner, Metric metric, String type, int temporality, boolean monotonic, Origin origin, long receivedAtMillis) {
        this.owner = owner;
        this.metric = metric;
        this.type = type;
        this.temporality = temporality;
        this.monotonic = monotonic;
        this.origin = origin;
        this.metadata = Attributes.of(metric.getMetadataList());
        this.receivedAtMillis = receivedAtMillis;
        this.identity = new Identity().text(owner).text(metric.getName()).text(type).text(metric.getUnit()).number(temporality)
                .number(monotonic ? 1 : 0).attributes(origin.resource()).text(origin.scopeName()).text(origin.scopeVersion());
    }

    String metricName() {
        return metric.getName();
    }

    /** A point's row with every shared field and its own identity, attributes, times and flags; its type's fields follow. */
    JsonRowWriter start(Attributes attributes, long startTimeUnixNano, long timeUnixNano, int flags) {
        Identity series = identity.copy().attributes(attributes);
        long seriesId = series.hash64();
        UUID pointId = series.number(startTimeUnixNano).number(timeUnixNano).uuid();
        return new JsonRowWriter(512 + 32 * (attributes.keys().size() + origin.resource().keys().size()))
                .string("point_id", pointId.toString())
                .string("user_id", owner)
                .string("metric_name", metric.getName())
                .string("metric_type", type)
                .string("description", metric.getDescription())
                .string("unit", metric.getUnit())
                .strings("metadata_keys", metadata.keys())
                .strings("metadata_values", metadata.values())
                .unsigned("series_id", seriesId)
                .string("service_name", origin.serviceName())
                .strings("resource_keys", origin.resource().keys())
                .strings("resource_values", origin.resource().values())
                .string("scope_name", origin.scopeName())
                .string("scope_version", origin.scopeVersion())
                .strings("scope_keys", origin.scope().keys())
                .strings("scope_values", origin.scope().values())
                .strings("tag_keys", attributes.keys())
                .strings("tag_values", attributes.values())
                .unsigned("start_time_unix_nano", startTimeUnixNano)
                .unsigned("time_unix_nano", timeUnixNano)
                .number("temporality", temporality)
                .number("monotonic", monotonic ? 1 : 0)
                .number("flags", flags)
                .number("received_at_ms", receivedAtMillis);
    }
}
