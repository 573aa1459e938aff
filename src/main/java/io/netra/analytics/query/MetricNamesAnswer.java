package io.netra.analytics.query;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's metric names; {@code truncated} when there are more than one answer lists. */
public record MetricNamesAnswer(String source, boolean stale, Instant computedAt, String userId, List<Metric> metrics,
        boolean truncated) implements Answer {

    /** A metric name, how many events it has and when the latest happened. */
    @Schema(name = "MetricNameCount")
    public record Metric(String name, long count, Instant lastSeen) {
    }
}
