package io.netra.analytics.summary;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One time bucket of one series. What is set depends on the metric's type (the answer's {@code type}): events and
 * gauges: count, avg, min, max, exact p50/p95/p99; counters (monotonic sums): count of points, increase, rate per
 * second; up-down sums: count, last; histograms: count, sum, avg, min and max where sent, p50/p95/p99 estimated from
 * the buckets; summaries: count, sum and the quantiles as sent. The rest is left out (a week of hourly buckets
 * carried some 12 KB of nulls).
 * <p>
 * A value ClickHouse computed is the decimal it wrote ({@link java.math.BigDecimal}), passed on unparsed; one
 * computed here is a {@link Double}. Both are JSON numbers.
 */
@Schema(name = "SummaryBucket")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SummaryBucket(Instant start, long count,
        @Schema(nullable = true) Number avg, @Schema(nullable = true) Number min, @Schema(nullable = true) Number max,
        @Schema(nullable = true) Number p50, @Schema(nullable = true) Number p95, @Schema(nullable = true) Number p99,
        @Schema(nullable = true) Number sum, @Schema(nullable = true) Number increase, @Schema(nullable = true) Number rate,
        @Schema(nullable = true) Number last, @Schema(nullable = true) List<Quantile> quantiles) {

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

    static SummaryBucket level(Instant start, long points, double last) {
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
