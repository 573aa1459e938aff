package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Count, average, min, max and exact p50/p95/p99 per time bucket of one metric. */
public record SummaryQuery(String userId, String metric, long fromMillis, long toMillis, Interval interval) implements AnalyticsQuery {

    public SummaryQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String normalized() {
        return "summary?metric=" + metric + "&from=" + fromMillis + "&to=" + toMillis + "&interval=" + interval.label();
    }

    @Override
    public String sql() {
        String width = integer(interval.millis());
        // FINAL: a re-delivered event counts once even before merges; the event_time bounds prune partitions.
        return "SELECT intDiv(event_time_ms, " + width + ") * " + width + " AS bucket, count() AS count,"
                + " avg(value) AS avg, min(value) AS min, max(value) AS max,"
                + " quantilesExact(0.5, 0.95, 0.99)(value) AS q"
                + " FROM netra_analytics.performance_metrics FINAL"
                + " WHERE user_id = " + string(userId) + " AND metric_name = " + string(metric)
                + " AND event_time >= toDateTime(" + integer(fromMillis / 1000) + ")"
                + " AND event_time <= toDateTime(" + integer(toMillis / 1000) + ")"
                + " AND event_time_ms >= " + integer(fromMillis) + " AND event_time_ms < " + integer(toMillis)
                + " GROUP BY bucket ORDER BY bucket";
    }

    @Override
    public JsonNode shape(List<JsonNode> rows, ObjectMapper json) {
        ObjectNode data = json.createObjectNode().put("userId", userId).put("metric", metric)
                .put("from", Instant.ofEpochMilli(fromMillis).toString()).put("to", Instant.ofEpochMilli(toMillis).toString())
                .put("interval", interval.label());
        ArrayNode buckets = data.putArray("buckets");
        for (JsonNode row : rows) {
            JsonNode q = row.get("q");
            buckets.addObject()
                    .put("start", Instant.ofEpochMilli(row.get("bucket").asLong()).toString())
                    .put("count", row.get("count").asLong())
                    .put("avg", row.get("avg").asDouble())
                    .put("min", row.get("min").asDouble())
                    .put("max", row.get("max").asDouble())
                    .put("p50", q.get(0).asDouble())
                    .put("p95", q.get(1).asDouble())
                    .put("p99", q.get(2).asDouble());
        }
        return data;
    }
}
