package io.netra.analytics.otlp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.model.MetricName;
import io.netra.analytics.model.UserIds;
import io.netra.analytics.otlp.SeriesLog.SeriesHour;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

/**
 * Turns an export into rows (each point's own in its type's table, its exemplars', and its series' once per hour:
 * MetricRows), and counts the points it cannot store, each with its reason: no
 * name, no value, an unspecified temporality, a time of 0 or outside the accepted window, buckets that do not match
 * their bounds, attributes over the limits, or points naming a user the caller may not write for. Whose points they
 * are: the caller's, or, for a metrics-writer token, the user the resource names ({@code netra.otlp.user-attribute}).
 */
@ApplicationScoped
public class OtlpPoints {

    static final String SERVICE_NAME = "service.name";

    private final NetraConfig.Otlp config;
    private final NetraConfig.Ingest window;
    private final SeriesLog seriesLog;
    private final Clock clock;

    public OtlpPoints(NetraConfig config, SeriesLog seriesLog, Clock clock) {
        this.config = config.otlp();
        this.window = config.ingest();
        this.seriesLog = seriesLog;
        this.clock = clock;
    }

    /** The rows to store, the series-hours whose rows are among them (made in {@code generation}), and the points refused. */
    public record Converted(List<Row> rows, Set<SeriesHour> newSeries, SeriesLog.Generation generation, long rejected, String rejectionMessage) {
    }

    /** The rows of an export as they are made. */
    private record Output(List<Row> rows, Set<SeriesHour> newSeries, Rejections rejected) {
    }

    public Converted convert(ExportMetricsServiceRequest request, Caller caller) {
        long now = clock.millis();
        SeriesLog.Generation generation = seriesLog.generation();
        Output out = new Output(new ArrayList<>(), new HashSet<>(), new Rejections());
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            Attributes resource = Attributes.of(resourceMetrics.getResource().getAttributesList());
            String owner = resource.get(config.userAttribute()).orElse(caller.userId());
            Optional<String> refused = owner.equals(caller.userId()) || caller.hasRole(Roles.METRICS_WRITER) ? Optional.empty()
                    : Optional.of("only a metrics-writer token may name another user (" + config.userAttribute() + ")");
            refused = refused.or(() -> UserIds.isValid(owner) ? Optional.empty()
                    : Optional.of("the resource names a user (" + config.userAttribute() + ") that " + UserIds.RULE));
            refused = refused.or(() -> resource.problem("the resource", config.maxAttributes(), config.maxAttributeValueLength()));
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                Attributes scope = Attributes.of(scopeMetrics.getScope().getAttributesList());
                Optional<String> scopeRefused = refused.or(() -> scope.problem("the scope", config.maxAttributes(), config.maxAttributeValueLength()));
                MetricRows.Origin origin = new MetricRows.Origin(resource.get(SERVICE_NAME).orElse(""), resource,
                        scopeMetrics.getScope().getName(), scopeMetrics.getScope().getVersion(), scope);
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    Optional<String> metricRefused = scopeRefused.or(() -> MetricName.isValid(metric.getName()) ? Optional.empty()
                            : Optional.of("the metric name " + MetricName.RULE));
                    if (metricRefused.isPresent()) {
                        out.rejected().add(pointCount(metric), metric.getName().isEmpty() ? null : metric.getName(), metricRefused.get());
                    } else {
                        convert(metric, owner, origin, now, out);
                    }
                }
            }
        }
        return new Converted(out.rows(), out.newSeries(), generation, out.rejected().points(), out.rejected().message());
    }

    private void convert(Metric metric, String owner, MetricRows.Origin origin, long now, Output out) {
        switch (metric.getDataCase()) {
            case GAUGE -> {
                MetricRows metricRows = new MetricRows(owner, metric, "gauge", RowTable.OTEL_GAUGE, 0, false, origin, now);
                for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
                    add(metricRows, point.getAttributesList(), point.getStartTimeUnixNano(), point.getTimeUnixNano(), point.getFlags(),
                            NumberPoints.problem(point), point.getExemplarsList(), row -> NumberPoints.write(row, point), now, out);
                }
            }
            case SUM -> {
                Optional<String> temporality = temporalityProblem(metric.getSum().getAggregationTemporality());
                MetricRows metricRows = new MetricRows(owner, metric, "sum", RowTable.OTEL_SUM, metric.getSum().getAggregationTemporalityValue(),
                        metric.getSum().getIsMonotonic(), origin, now);
                for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                    add(metricRows, point.getAttributesList(), point.getStartTimeUnixNano(), point.getTimeUnixNano(), point.getFlags(),
                            temporality.or(() -> NumberPoints.problem(point)), point.getExemplarsList(), row -> NumberPoints.write(row, point), now, out);
                }
            }
            case HISTOGRAM -> {
                Optional<String> temporality = temporalityProblem(metric.getHistogram().getAggregationTemporality());
                MetricRows metricRows = new MetricRows(owner, metric, "histogram", RowTable.OTEL_HISTOGRAM, metric.getHistogram().getAggregationTemporalityValue(),
                        false, origin, now);
                for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                    add(metricRows, point.getAttributesList(), point.getStartTimeUnixNano(), point.getTimeUnixNano(), point.getFlags(),
                            temporality.or(() -> HistogramPoints.problem(point)), point.getExemplarsList(), row -> HistogramPoints.write(row, point), now, out);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                Optional<String> temporality = temporalityProblem(metric.getExponentialHistogram().getAggregationTemporality());
                MetricRows metricRows = new MetricRows(owner, metric, "exponential_histogram", RowTable.OTEL_EXPONENTIAL_HISTOGRAM,
                        metric.getExponentialHistogram().getAggregationTemporalityValue(), false, origin, now);
                for (ExponentialHistogramDataPoint point : metric.getExponentialHistogram().getDataPointsList()) {
                    add(metricRows, point.getAttributesList(), point.getStartTimeUnixNano(), point.getTimeUnixNano(), point.getFlags(),
                            temporality.or(() -> ExponentialHistogramPoints.problem(point)),
                            point.getExemplarsList(), row -> ExponentialHistogramPoints.write(row, point), now, out);
                }
            }
            case SUMMARY -> {
                MetricRows metricRows = new MetricRows(owner, metric, "summary", RowTable.OTEL_SUMMARY, 0, false, origin, now);
                for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
                    add(metricRows, point.getAttributesList(), point.getStartTimeUnixNano(), point.getTimeUnixNano(), point.getFlags(),
                            SummaryPoints.problem(point), List.of(), row -> SummaryPoints.write(row, point), now, out);
                }
            }
            // a metric without data has no points to store or to refuse
            default -> {
            }
        }
    }

    /** What a point's type adds to its row. */
    private interface TypeFields {
        JsonRowWriter write(JsonRowWriter row);
    }

    private void add(MetricRows metric, List<KeyValue> attributeList, long startTimeUnixNano, long timeUnixNano, int flags,
            Optional<String> typeProblem, List<Exemplar> exemplars, TypeFields fields, long now, Output out) {
        Attributes attributes = Attributes.of(attributeList);
        Optional<String> problem = timeProblem(timeUnixNano, now).or(() -> typeProblem)
                .or(() -> attributes.problem("a data point", config.maxAttributes(), config.maxAttributeValueLength()));
        if (problem.isPresent()) {
            out.rejected().add(1, metric.metricName(), problem.get());
            return;
        }
        MetricRows.PointIds ids = metric.ids(attributes, startTimeUnixNano, timeUnixNano);
        out.rows().add(fields.write(metric.point(ids, startTimeUnixNano, flags)).row(metric.table()));
        if (!exemplars.isEmpty()) {
            out.rows().add(metric.exemplars(ids, exemplars));
        }
        if (!seriesLog.isStored(ids.seriesHour()) && out.newSeries().add(ids.seriesHour())) {
            out.rows().add(metric.series(ids, attributes));
        }
    }

    private Optional<String> timeProblem(long timeUnixNano, long now) {
        if (timeUnixNano == 0) {
            return Optional.of("a data point's time_unix_nano is 0");
        }
        long millis = Long.divideUnsigned(timeUnixNano, 1_000_000);
        if (millis > now + window.maxFutureSkew().toMillis() || millis < now - window.maxAge().toMillis()) {
            return Optional.of("a data point's time is outside the accepted window (at most " + window.maxAge()
                    + " old, netra.ingest.max-age; at most " + window.maxFutureSkew() + " ahead, netra.ingest.max-future-skew)");
        }
        return Optional.empty();
    }

    private static Optional<String> temporalityProblem(AggregationTemporality temporality) {
        return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                || temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE ? Optional.empty()
                        : Optional.of("the aggregation temporality is " + temporality + " (AGGREGATION_TEMPORALITY_UNSPECIFIED must not be used)");
    }

    private static int pointCount(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            default -> 0;
        };
    }
}
