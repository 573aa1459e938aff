package io.netra.analytics.summary;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One time bucket of one series; which statistics it holds depends on the metric's type ({@link #FIELDS_BY_TYPE}),
 * and the others are left out (a week of hourly buckets carried some 12 KB of nulls).
 * <p>
 * Events', gauges' and up-down counters' values are the numbers ClickHouse wrote (a {@code BigDecimal} for a
 * fraction), passed on without a double in between; the other types' are doubles computed here. Both are JSON numbers.
 */
@Schema(name = "SummaryBucket", description = SummaryBucket.FIELDS_BY_TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SummaryBucket(Instant start, long count,
        @Schema(format = DOUBLE) Number avg, @Schema(format = DOUBLE) Number min, @Schema(format = DOUBLE) Number max,
        @Schema(format = DOUBLE) Number p50, @Schema(format = DOUBLE) Number p95, @Schema(format = DOUBLE) Number p99,
        @Schema(format = DOUBLE) Number sum, @Schema(format = DOUBLE) Number increase, @Schema(format = DOUBLE) Number rate,
        @Schema(format = DOUBLE) Number last, List<Quantile> quantiles) {

    static final String FIELDS_BY_TYPE = "The statistics of one time bucket; which are present depends on the answer's type. "
            + "event and gauge: count, avg, min, max and exact p50, p95, p99; counter (monotonic sum): count of points, increase, "
            + "rate per second; up-down sum: count, last; histogram and exponential histogram: count, and sum, avg, min, max "
            + "where sent, p50, p95, p99 estimated from the buckets; summary: count, sum, quantiles as sent.";
    private static final String DOUBLE = "double";

    /** A quantile as an OpenTelemetry summary sent it. */
    @Schema(name = "SummaryQuantile")
    public record Quantile(double quantile, double value) {
    }

    static SummaryBucket values(Instant start, long count, Number avg, Number min, Number max, Number p50, Number p95, Number p99) {
        return new SummaryBucket(start, count, avg, min, max, p50, p95, p99, null, null, null, null, null);
    }

    static SummaryBucket counter(Instant start, long points, double increase, double rate) {
        return new SummaryBucket(start, points, null, null, null, null, null, null, null, increase, rate, null, null);
    }

    static SummaryBucket level(Instant start, long points, Number last) {
        return new SummaryBucket(start, points, null, null, null, null, null, null, null, null, null, last, null);
    }

    static SummaryBucket distribution(Instant start, long count, Double sum, Double min, Double max, Double p50, Double p95, Double p99) {
        Double avg = sum == null || count == 0 ? null : sum / count;
        return new SummaryBucket(start, count, avg, min, max, p50, p95, p99, sum, null, null, null, null);
    }

    static SummaryBucket quantiles(Instant start, long count, double sum, List<Quantile> quantiles) {
        return new SummaryBucket(start, count, null, null, null, null, null, null, sum, null, null, null, quantiles);
    }
}
