package io.netra.analytics.summary;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** Non-monotonic sums (up-down counters, levels): each series' last value in the bucket, summed over a group's series. */
final class LevelSummary {

    private LevelSummary() {
    }

    static String sql(Selection selection) {
        String points = selection.withTop(selection.points(MetricType.SUM,
                "series_id, " + selection.bucket("event_time_ms") + " AS bucket, time_unix_nano AS t, value AS v"));
        String lasts = "SELECT " + selection.seriesGroups() + "bucket, argMax(v, t) AS last, count() AS points FROM (" + points
                + ") GROUP BY series_id, bucket";
        return "SELECT " + selection.groupOutput() + "bucket, sum(points) AS count, sum(last) AS last FROM (" + lasts + ")"
                + " GROUP BY " + selection.groupByOutput() + "bucket ORDER BY bucket";
    }

    static SummaryBucket bucket(JsonNode row) {
        return SummaryBucket.level(Instant.ofEpochMilli(row.get("bucket").asLong()), row.get("count").asLong(), row.get("last").numberValue());
    }
}
