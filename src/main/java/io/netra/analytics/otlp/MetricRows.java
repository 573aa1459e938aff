package io.netra.analytics.otlp;

import java.util.UUID;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.Metric;

/**
 * What every row of one metric's points shares: whose points they are, the metric and its type, the resource and
 * scope they came from, and the identity of the series they belong to. Each point then adds its attributes and times.
 * Fields at their column's default are left out (JsonRowWriter): most rows have no description, metadata, scope
 * attributes, start time or flags.
 */
final class MetricRows {

    /** A resource or a scope, worked out once for all the points under it. */
    record Origin(String serviceName, Attributes resource, String scopeName, String scopeVersion, Attributes scope) {
    }

    private final Metric metric;
    private final Identity identity;
    /** Every field but the point's own, written once for all the metric's points. */
    private final byte[] shared;

    MetricRows(String owner, Metric metric, String type, int temporality, boolean monotonic, Origin origin, long receivedAtMillis) {
        this.metric = metric;
        this.identity = new Identity().text(owner).text(metric.getName()).text(type).text(metric.getUnit()).number(temporality)
                .number(monotonic ? 1 : 0).attributes(origin.resource()).text(origin.scopeName()).text(origin.scopeVersion());
        Attributes metadata = Attributes.of(metric.getMetadataList());
        this.shared = new JsonRowWriter(256 + 32 * origin.resource().keys().size())
                .string("user_id", owner)
                .string("metric_name", metric.getName())
                .string("metric_type", type)
                .stringUnlessEmpty("description", metric.getDescription())
                .stringUnlessEmpty("unit", metric.getUnit())
                .stringsUnlessEmpty("metadata_keys", metadata.keys())
                .stringsUnlessEmpty("metadata_values", metadata.values())
                .stringUnlessEmpty("service_name", origin.serviceName())
                .stringsUnlessEmpty("resource_keys", origin.resource().keys())
                .stringsUnlessEmpty("resource_values", origin.resource().values())
                .stringUnlessEmpty("scope_name", origin.scopeName())
                .stringUnlessEmpty("scope_version", origin.scopeVersion())
                .stringsUnlessEmpty("scope_keys", origin.scope().keys())
                .stringsUnlessEmpty("scope_values", origin.scope().values())
                .numberUnlessZero("temporality", temporality)
                .numberUnlessZero("monotonic", monotonic ? 1 : 0)
                .number("received_at_ms", receivedAtMillis)
                .writtenFields();
    }

    String metricName() {
        return metric.getName();
    }

    /**
     * A point's row: its identity first (the queue tells the service's rows by their first field), the fields shared
     * with the metric's other points, its attributes, times and flags; its type's fields follow.
     */
    JsonRowWriter start(Attributes attributes, long startTimeUnixNano, long timeUnixNano, int flags) {
        Identity series = identity.copy().attributes(attributes);
        long seriesId = series.hash64();
        UUID pointId = series.number(startTimeUnixNano).number(timeUnixNano).uuid();
        return new JsonRowWriter(shared.length + 256 + 32 * attributes.keys().size())
                .string("point_id", pointId.toString())
                .unsigned("series_id", seriesId)
                .fields(shared)
                .stringsUnlessEmpty("tag_keys", attributes.keys())
                .stringsUnlessEmpty("tag_values", attributes.values())
                .unsignedUnlessZero("start_time_unix_nano", startTimeUnixNano)
                .unsigned("time_unix_nano", timeUnixNano)
                .numberUnlessZero("flags", flags);
    }
}
