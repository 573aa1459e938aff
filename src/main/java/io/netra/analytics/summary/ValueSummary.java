package io.netra.analytics.summary;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Events and gauges: every point is a value; per bucket its count, mean, extremes and exact percentiles. A gauge sent
 * over OTLP and events sent to the JSON API under the same name are one metric.
 */
final class ValueSummary {

    private ValueSummary() {
    }

    static String sql(Selection selection) {
        String columns = selection.bucket("event_time_ms") + " AS bucket, value AS v";
        String source = selection.events(columns) + " UNION ALL " + selection.points(MetricType.GAUGE, columns);
        // FINAL: a re-delivered event counts once even before merges; the time condition prunes partitions
        return "SELECT " + selection.groupOutput() + "bucket, count() AS count, avg(v) AS avg, min(v) AS min, max(v) AS max,"
                + " quantilesExact(0.5, 0.95, 0.99)(v) AS q FROM (" + selection.withTop(source) + ")"
                + " GROUP BY " + selection.groupByOutput() + "bucket ORDER BY bucket";
    }

    static SummaryBucket bucket(JsonNode row) {
        JsonNode q = row.get("q");
        return SummaryBucket.values(Instant.ofEpochMilli(row.get("bucket").asLong()), row.get("count").asLong(), row.get("avg").numberValue(),
                row.get("min").numberValue(), row.get("max").numberValue(), q.get(0).numberValue(), q.get(1).numberValue(), q.get(2).numberValue());
    }
}
