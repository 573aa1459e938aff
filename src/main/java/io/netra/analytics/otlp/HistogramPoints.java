package io.netra.analytics.otlp;

import java.util.List;
import java.util.Optional;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;

/** Explicit-bucket histogram points: count, sum, min and max where sent, and the buckets by their bounds. */
final class HistogramPoints {

    private HistogramPoints() {
    }

    static Optional<String> problem(HistogramDataPoint point) {
        if (NumberPoints.hasNoRecordedValue(point.getFlags())) {
            return Optional.empty();
        }
        List<Double> bounds = point.getExplicitBoundsList();
        List<Long> counts = point.getBucketCountsList();
        if (!(counts.isEmpty() && bounds.isEmpty()) && counts.size() != bounds.size() + 1) {
            return Optional.of("a histogram's bucket counts (" + counts.size() + ") do not match its bounds (" + bounds.size() + " + 1)");
        }
        for (int i = 0; i < bounds.size(); i++) {
            if (!Double.isFinite(bounds.get(i)) || i > 0 && bounds.get(i) <= bounds.get(i - 1)) {
                return Optional.of("a histogram's bounds are not finite and strictly increasing");
            }
        }
        if (!counts.isEmpty() && counts.stream().mapToLong(Long::longValue).sum() != point.getCount()) {
            return Optional.of("a histogram's bucket counts do not add up to its count");
        }
        if (point.hasSum() && !Double.isFinite(point.getSum()) || point.hasMin() && !Double.isFinite(point.getMin())
                || point.hasMax() && !Double.isFinite(point.getMax())) {
            return Optional.of("a histogram's sum, min or max is not a finite number");
        }
        return Exemplars.problem(point.getExemplarsList());
    }

    static JsonRowWriter write(JsonRowWriter row, HistogramDataPoint point) {
        return row.unsigned("count", point.getCount())
                .nullableNumber("sum", point.hasSum(), point.getSum())
                .nullableNumber("min", point.hasMin(), point.getMin())
                .nullableNumber("max", point.hasMax(), point.getMax())
                .unsignedLongs("bucket_counts", point.getBucketCountsList())
                .doubles("explicit_bounds", point.getExplicitBoundsList());
    }
}
