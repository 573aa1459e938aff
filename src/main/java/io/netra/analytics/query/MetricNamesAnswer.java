package io.netra.analytics.query;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.netra.analytics.summary.MetricType;

/** A user's metric names; {@code truncated} when there are more than one answer lists. */
public record MetricNamesAnswer(String source, boolean stale, Instant computedAt, String userId, List<Metric> metrics,
        boolean truncated) implements Answer {

    /**
     * A metric: its type and unit, how many events or points it has and when the latest happened, and the tag keys
     * seen on it lately, for a UI to offer as filters.
     */
    @Schema(name = "MetricNameCount")
    public record Metric(String name, @Schema(implementation = MetricType.class) MetricType type, String unit, long count, Instant lastSeen,
            List<TagKey> tags) {
    }

    /** A tag key (a point's or its resource's attribute, for OpenTelemetry), how many values it has, and the most frequent. */
    @Schema(name = "MetricTagKey")
    public record TagKey(String key, long distinctValues, List<String> topValues) {
    }
}
