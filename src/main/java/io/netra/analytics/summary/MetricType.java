package io.netra.analytics.summary;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

import io.netra.analytics.clickhouse.RowTable;

/**
 * What a metric is, which decides what its summary answers: events (the JSON API) and gauges are values; a sum is
 * a counter (monotonic) or a level (up-down); histograms and summaries carry distributions.
 */
public enum MetricType {
    EVENT, GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY;

    /** As ClickHouse's enum and the answers name it: {@code exponential_histogram}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where values of this type are stored: events in theirs, each OpenTelemetry point type in its own. */
    public RowTable table() {
        return switch (this) {
            case EVENT -> RowTable.EVENTS;
            case GAUGE -> RowTable.OTEL_GAUGE;
            case SUM -> RowTable.OTEL_SUM;
            case HISTOGRAM -> RowTable.OTEL_HISTOGRAM;
            case EXPONENTIAL_HISTOGRAM -> RowTable.OTEL_EXPONENTIAL_HISTOGRAM;
            case SUMMARY -> RowTable.OTEL_SUMMARY;
        };
    }

    public static Optional<MetricType> ofLabel(String label) {
        return Arrays.stream(values()).filter(type -> type.label().equals(label)).findFirst();
    }
}
