package io.netra.analytics.otlp;

import java.util.Optional;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

/** Exponential histogram points: the scale, the zero bucket and the positive and negative buckets from their offsets. */
final class ExponentialHistogramPoints {

    /** The scales OTLP defines (base 2^(2^-scale)); SDKs use -10 to 20. */
    static final int MIN_SCALE = -10;
    static final int MAX_SCALE = 20;

    private ExponentialHistogramPoints() {
    }

    static Optional<String> problem(ExponentialHistogramDataPoint point) {
        if (NumberPoints.hasNoRecordedValue(point.getFlags())) {
            return Optional.empty();
        }
        if (point.getScale() < MIN_SCALE || point.getScale() > MAX_SCALE) {
            return Optional.of("an exponential histogram's scale " + point.getScale() + " is outside " + MIN_SCALE + ".." + MAX_SCALE);
        }
        long buckets = point.getZeroCount() + point.getPositive().getBucketCountsList().stream().mapToLong(Long::longValue).sum()
                + point.getNegative().getBucketCountsList().stream().mapToLong(Long::longValue).sum();
        if (buckets != point.getCount()) {
            return Optional.of("an exponential histogram's buckets and zero count do not add up to its count");
        }
        if (point.hasSum() && !Double.isFinite(point.getSum()) || point.hasMin() && !Double.isFinite(point.getMin())
                || point.hasMax() && !Double.isFinite(point.getMax()) || !Double.isFinite(point.getZeroThreshold())) {
            return Optional.of("an exponential histogram's sum, min, max or zero threshold is not a finite number");
        }
        return Exemplars.problem(point.getExemplarsList());
    }

    static JsonRowWriter write(JsonRowWriter row, ExponentialHistogramDataPoint point) {
        return row.unsigned("count", point.getCount())
                .nullableNumber("sum", point.hasSum(), point.getSum())
                .nullableNumber("min", point.hasMin(), point.getMin())
                .nullableNumber("max", point.hasMax(), point.getMax())
                .number("scale", point.getScale())
                .unsigned("zero_count", point.getZeroCount())
                .number("zero_threshold", point.getZeroThreshold())
                .number("positive_offset", point.getPositive().getOffset())
                .unsignedLongs("positive_bucket_counts", point.getPositive().getBucketCountsList())
                .number("negative_offset", point.getNegative().getOffset())
                .unsignedLongs("negative_bucket_counts", point.getNegative().getBucketCountsList());
    }
}
