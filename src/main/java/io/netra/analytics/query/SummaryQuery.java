package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.model.MetricName;

/** Count, average, min, max and exact p50/p95/p99 per time bucket of one metric. */
public record SummaryQuery(String userId, MetricName metric, TimeRange range, Interval interval) implements AnalyticsQuery {

    public SummaryQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String cacheKey() {
        return "summary?metric=" + metric + "&" + range.key() + "&interval=" + interval.label();
    }

    @Override
    public String sql() {
        String width = integer(interval.millis());
        // FINAL: a re-delivered event counts once even before merges; the event_time bounds prune partitions.
        return "SELECT intDiv(event_time_ms, " + width + ") * " + width + " AS bucket, count() AS count,"
                + " avg(value) AS avg, min(value) AS min, max(value) AS max,"
                + " quantilesExact(0.5, 0.95, 0.99)(value) AS q"
                + " FROM " + Tables.METRICS + " FINAL"
                + " WHERE user_id = " + string(userId) + " AND metric_name = " + string(metric.value())
                + " AND " + range.sqlCondition()
                + " GROUP BY bucket ORDER BY bucket";
    }

    @Override
    public SummaryAnswer answer(List<JsonNode> rows, Instant computedAt) {
        List<SummaryAnswer.Bucket> buckets = rows.stream().map(row -> {
            JsonNode q = row.get("q");
            return new SummaryAnswer.Bucket(Instant.ofEpochMilli(row.get("bucket").asLong()), row.get("count").asLong(),
                    row.get("avg").asDouble(), row.get("min").asDouble(), row.get("max").asDouble(),
                    q.get(0).asDouble(), q.get(1).asDouble(), q.get(2).asDouble());
        }).toList();
        return new SummaryAnswer(Answer.CLICKHOUSE, false, computedAt, userId, metric.value(),
                Instant.ofEpochMilli(range.fromMillis()), Instant.ofEpochMilli(range.toMillis()), interval.label(), buckets);
    }

}
