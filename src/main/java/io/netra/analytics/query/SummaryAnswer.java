package io.netra.analytics.query;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.netra.analytics.summary.MetricType;
import io.netra.analytics.summary.SummaryBucket;
import io.netra.analytics.summary.SummarySeries;

/**
 * Per-bucket figures of one metric of one user, of what makes sense for its {@code type} (see SummaryBucket).
 * Without {@code groupBy}, {@code buckets} holds the whole metric (matching the tag filters) and {@code series} is
 * empty; with it, {@code series} holds one entry per group, the largest first and the rest summed as {@code other},
 * and {@code buckets} is empty.
 */
public record SummaryAnswer(String source, boolean stale, Instant computedAt, String userId, String metric,
        @Schema(implementation = MetricType.class) MetricType type, String unit, Instant from, Instant to, String interval,
        List<String> groupBy, List<SummaryBucket> buckets, List<SummarySeries> series) implements Answer {
}
