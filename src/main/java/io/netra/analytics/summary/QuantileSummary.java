package io.netra.analytics.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenTelemetry summaries: quantiles a client computed cannot be merged, so each bucket answers the latest point's,
 * with its count and sum, as sent.
 */
final class QuantileSummary {

    private QuantileSummary() {
    }

    static String sql(Selection selection) {
        String points = selection.withTop(selection.points(MetricType.SUMMARY, selection.bucket("event_time_ms")
                + " AS bucket, time_unix_nano AS t, count AS c, sum AS s, quantiles AS qs, quantile_values AS qv"));
        return "SELECT " + selection.groupOutput() + "bucket, argMax(c, t) AS count, argMax(s, t) AS sum, argMax(qs, t) AS quantiles,"
                + " argMax(qv, t) AS quantile_values FROM (" + points + ") GROUP BY " + selection.groupByOutput() + "bucket ORDER BY bucket";
    }

    static SummaryBucket bucket(JsonNode row) {
        List<SummaryBucket.Quantile> quantiles = new ArrayList<>();
        for (int i = 0; i < row.get("quantiles").size(); i++) {
            quantiles.add(new SummaryBucket.Quantile(row.get("quantiles").get(i).asDouble(), row.get("quantile_values").get(i).asDouble()));
        }
        return SummaryBucket.quantiles(Instant.ofEpochMilli(row.get("bucket").asLong()), row.get("count").asLong(),
                row.get("sum").asDouble(), quantiles);
    }
}
