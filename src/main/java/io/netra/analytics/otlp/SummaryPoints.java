package io.netra.analytics.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint.ValueAtQuantile;

/** Summary points: count, sum and the quantiles as the client computed them. */
final class SummaryPoints {

    private SummaryPoints() {
    }

    static Optional<String> problem(SummaryDataPoint point) {
        if (NumberPoints.hasNoRecordedValue(point.getFlags())) {
            return Optional.empty();
        }
        if (!Double.isFinite(point.getSum())) {
            return Optional.of("a summary's sum is not a finite number");
        }
        for (ValueAtQuantile quantile : point.getQuantileValuesList()) {
            if (!(quantile.getQuantile() >= 0 && quantile.getQuantile() <= 1) || !Double.isFinite(quantile.getValue())) {
                return Optional.of("a summary's quantile is outside 0..1 or its value is not a finite number");
            }
        }
        return Optional.empty();
    }

    static JsonRowWriter write(JsonRowWriter row, SummaryDataPoint point) {
        List<Double> quantiles = new ArrayList<>(point.getQuantileValuesCount());
        List<Double> values = new ArrayList<>(point.getQuantileValuesCount());
        for (ValueAtQuantile quantile : point.getQuantileValuesList()) {
            quantiles.add(quantile.getQuantile());
            values.add(quantile.getValue());
        }
        return row.unsigned("count", point.getCount())
                .number("sum", point.getSum())
                .doubles("quantiles", quantiles)
                .doubles("quantile_values", values);
    }
}
