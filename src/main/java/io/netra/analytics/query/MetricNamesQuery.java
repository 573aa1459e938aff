package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.clickhouse.Tables;

/** The metric names a user has, with counts and when each was last seen; at most {@code limit} of them. */
public record MetricNamesQuery(String userId, int limit) implements AnalyticsQuery {

    public MetricNamesQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String cacheKey() {
        return "names?limit=" + limit;
    }

    @Override
    public String sql() {
        // one row more than listed tells whether the list is truncated
        return "SELECT metric_name, count() AS count, max(event_time_ms) AS last_seen"
                + " FROM " + Tables.METRICS + " FINAL"
                + " WHERE user_id = " + string(userId)
                + " GROUP BY metric_name ORDER BY metric_name LIMIT " + integer(limit + 1L);
    }

    @Override
    public MetricNamesAnswer answer(List<JsonNode> rows, Instant computedAt) {
        List<MetricNamesAnswer.Metric> metrics = rows.stream().limit(limit)
                .map(row -> new MetricNamesAnswer.Metric(row.get("metric_name").asText(), row.get("count").asLong(),
                        Instant.ofEpochMilli(row.get("last_seen").asLong())))
                .toList();
        return new MetricNamesAnswer(Answer.CLICKHOUSE, false, computedAt, userId, metrics, rows.size() > limit);
    }

}
