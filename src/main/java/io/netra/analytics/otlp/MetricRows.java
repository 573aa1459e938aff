package io.netra.analytics.otlp;

import java.util.List;
import java.util.UUID;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.otlp.SeriesLog.SeriesHour;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;

/**
 * The rows of one metric's points. A point's own row goes to its type's table: its ids, times, flags and values. What
 * its series shares (the metric and its type, the resource and scope it came from, the point's attributes) goes to
 * otel_series, once per series and hour; its exemplars, if it has any, to otel_exemplars. Fields at their column's
 * default are left out (JsonRowWriter): most rows have no description, metadata, scope attributes, start time or flags.
 */
final class MetricRows {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_HOUR = 3600;

    /** A resource or a scope, worked out once for all the points under it. */
    record Origin(String serviceName, Attributes resource, String scopeName, String scopeVersion, Attributes scope) {
    }

    /** What identifies a point: its series (and the series' hour, which has a row of otel_series), its own id, its time. */
    record PointIds(long seriesId, UUID pointId, long timeUnixNano, SeriesHour seriesHour) {
    }

    private final Metric metric;
    private final RowTable table;
    private final Identity identity;
    private final int temporality;
    private final long receivedAtMillis;
    /** Whose points, of which metric: the fields every point and exemplar row of the metric starts its data with. */
    private final byte[] ownerAndMetric;
    /** The fields every series row of the metric shares: all but the series' id, attributes and hour. */
    private final byte[] seriesShared;

    MetricRows(String owner, Metric metric, String type, RowTable table, int temporality, boolean monotonic, Origin origin,
            long receivedAtMillis) {
        this.metric = metric;
        this.table = table;
        this.identity = new Identity().text(owner).text(metric.getName()).text(type).text(metric.getUnit()).number(temporality)
                .number(monotonic ? 1 : 0).attributes(origin.resource()).text(origin.scopeName()).text(origin.scopeVersion());
        this.temporality = temporality;
        this.receivedAtMillis = receivedAtMillis;
        this.ownerAndMetric = new JsonRowWriter(128).string("user_id", owner).string("metric_name", metric.getName()).writtenFields();
        Attributes metadata = Attributes.of(metric.getMetadataList());
        this.seriesShared = new JsonRowWriter(256 + 32 * origin.resource().keys().size())
                .string("user_id", owner)
                .string("metric_name", metric.getName())
                .string("metric_type", type)
                .stringUnlessEmpty("description", metric.getDescription())
                .stringUnlessEmpty("unit", metric.getUnit())
                .stringsUnlessEmpty("metadata_keys", metadata.keys())
                .stringsUnlessEmpty("metadata_values", metadata.values())
                .numberUnlessZero("temporality", temporality)
                .numberUnlessZero("monotonic", monotonic ? 1 : 0)
                .stringUnlessEmpty("service_name", origin.serviceName())
                .stringsUnlessEmpty("resource_keys", origin.resource().keys())
                .stringsUnlessEmpty("resource_values", origin.resource().values())
                .stringUnlessEmpty("scope_name", origin.scopeName())
                .stringUnlessEmpty("scope_version", origin.scopeVersion())
                .stringsUnlessEmpty("scope_keys", origin.scope().keys())
                .stringsUnlessEmpty("scope_values", origin.scope().values())
                .number("received_at_ms", receivedAtMillis)
                .writtenFields();
    }

    String metricName() {
        return metric.getName();
    }

    /** The series of a point with {@code attributes}, and the point of it at these times. */
    PointIds ids(Attributes attributes, long startTimeUnixNano, long timeUnixNano) {
        Identity series = identity.copy().attributes(attributes);
        long seriesId = series.hash64();
        UUID pointId = series.number(startTimeUnixNano).number(timeUnixNano).uuid();
        long hour = Long.divideUnsigned(timeUnixNano, NANOS_PER_SECOND * SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
        return new PointIds(seriesId, pointId, timeUnixNano, new SeriesHour(seriesId, hour));
    }

    /**
     * A point's row in its type's table: its identity first (the queue tells the service's rows by their first
     * field), whose and which metric's it is, its times and flags; its type's fields follow. Only sums and histograms
     * have a temporality (gauges and summaries pass 0, which is left out).
     */
    JsonRowWriter point(PointIds ids, long startTimeUnixNano, int flags) {
        return new JsonRowWriter(ownerAndMetric.length + 256)
                .string("point_id", ids.pointId().toString())
                .unsigned("series_id", ids.seriesId())
                .fields(ownerAndMetric)
                .numberUnlessZero("temporality", temporality)
                .number("received_at_ms", receivedAtMillis)
                .unsignedUnlessZero("start_time_unix_nano", startTimeUnixNano)
                .unsigned("time_unix_nano", ids.timeUnixNano())
                .number("event_time", Long.divideUnsigned(ids.timeUnixNano(), NANOS_PER_SECOND))
                .numberUnlessZero("flags", flags);
    }

    RowTable table() {
        return table;
    }

    /** The row of otel_series for the point's series and hour. */
    Row series(PointIds ids, Attributes attributes) {
        return new JsonRowWriter(seriesShared.length + 64 + 32 * attributes.keys().size())
                .unsigned("series_id", ids.seriesId())
                .fields(seriesShared)
                .stringsUnlessEmpty("tag_keys", attributes.keys())
                .stringsUnlessEmpty("tag_values", attributes.values())
                .number("event_time", ids.seriesHour().hour())
                .row(RowTable.OTEL_SERIES);
    }

    /** The row of otel_exemplars for a point that has {@code exemplars}. */
    Row exemplars(PointIds ids, List<Exemplar> exemplars) {
        return Exemplars.write(new JsonRowWriter(ownerAndMetric.length + 128 * exemplars.size())
                .string("point_id", ids.pointId().toString())
                .unsigned("series_id", ids.seriesId())
                .fields(ownerAndMetric)
                .number("received_at_ms", receivedAtMillis)
                .unsigned("time_unix_nano", ids.timeUnixNano())
                .number("event_time", Long.divideUnsigned(ids.timeUnixNano(), NANOS_PER_SECOND)), exemplars)
                .row(RowTable.OTEL_EXEMPLARS);
    }
}
