package io.netra.analytics.query;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Per-bucket statistics of one metric of one user. */
public record SummaryAnswer(String source, boolean stale, Instant computedAt, String userId, String metric,
        Instant from, Instant to, String interval, List<Bucket> buckets) implements Answer {

    /** One time bucket: the count, mean, extremes and exact percentiles of its values. */
    @Schema(name = "SummaryBucket")
    public record Bucket(Instant start, long count, double avg, double min, double max, double p50, double p95, double p99) {
    }
}
