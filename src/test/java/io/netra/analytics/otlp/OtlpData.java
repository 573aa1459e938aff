package io.netra.analytics.otlp;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

/** Exports built as an SDK would send them, for the OTLP tests. */
public final class OtlpData {

    private OtlpData() {
    }

    /** SQL for the points stored for {@code user} in every type's table: point_id, series_id, metric_name, each once. */
    public static String storedPoints(String user) {
        return Stream.of("gauge", "sum", "histogram", "exponential_histogram", "summary")
                .map(type -> "SELECT point_id, series_id, toString(metric_name) AS metric_name FROM netra_analytics.otel_" + type
                        + " FINAL WHERE user_id = '" + user + "'")
                .collect(Collectors.joining(" UNION ALL ", "(", ")"));
    }

    public static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    public static NumberDataPoint doublePoint(double value, long timeUnixNano, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setAsDouble(value).setTimeUnixNano(timeUnixNano).setStartTimeUnixNano(timeUnixNano - 60_000_000_000L)
                .addAllAttributes(List.of(attributes)).build();
    }

    public static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit("ms").setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    public static Metric counter(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit("{request}").setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addAllDataPoints(List.of(points))).build();
    }

    /** One resource (service {@code service}, with {@code resourceAttributes}) and one scope holding {@code metrics}. */
    public static ExportMetricsServiceRequest export(String service, List<KeyValue> resourceAttributes, Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)).addAllAttributes(resourceAttributes))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("io.test").setVersion("1.0"))
                        .addAllMetrics(List.of(metrics)))).build();
    }
}
