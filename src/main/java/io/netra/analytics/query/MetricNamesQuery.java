package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.summary.MetricType;
import io.smallrye.mutiny.Uni;

/**
 * The metric names a user has, whichever door they came through, with type, unit, counts and when each was last
 * seen; at most {@code limit} of them. Each lists its tag keys seen since {@code tagsSince} (at most {@code maxKeys},
 * with the {@code topValues} most frequent values): the tags of the recent past are those worth filtering by, and
 * reading them for all time would cost as much as the data.
 */
public record MetricNamesQuery(String userId, int limit, long tagsSinceMillis, int maxKeys, int topValues) implements AnalyticsQuery {

    public MetricNamesQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String cacheKey() {
        return "names?limit=" + limit;
    }

    /**
     * Both doors' metrics; where a name has OpenTelemetry series, their type and unit are the metric's (rank 1 beats
     * the events' 0; the point tables, ranked -1, add only counts and times).
     */
    String metricsSql() {
        String user = string(userId);
        StringBuilder sql = new StringBuilder("SELECT metric_name, argMax(type, rank) AS type, argMax(unit, rank) AS unit, sum(c) AS count,")
                .append(" max(last) AS last_seen FROM (")
                .append("SELECT toString(metric_name) AS metric_name, 'event' AS type, toInt8(0) AS rank, toString(any(unit)) AS unit, count() AS c,")
                .append(" max(event_time_ms) AS last FROM ").append(Tables.METRICS).append(" FINAL WHERE user_id = ").append(user)
                .append(" GROUP BY metric_name")
                .append(" UNION ALL SELECT toString(metric_name), toString(any(metric_type)), toInt8(1), toString(any(unit)), toUInt64(0), toUInt64(0)")
                .append(" FROM ").append(RowTable.OTEL_SERIES.qualifiedName()).append(" WHERE user_id = ").append(user).append(" GROUP BY metric_name");
        for (MetricType type : MetricType.values()) {
            if (type != MetricType.EVENT) {
                sql.append(" UNION ALL SELECT toString(metric_name), '', toInt8(-1), '', count(), max(event_time_ms) FROM ")
                        .append(type.table().qualifiedName()).append(" FINAL WHERE user_id = ").append(user).append(" GROUP BY metric_name");
            }
        }
        // one row more than listed tells whether the list is truncated
        return sql.append(") GROUP BY metric_name ORDER BY metric_name LIMIT ").append(integer(limit + 1L)).toString();
    }

    /** Tag keys and their most frequent values, counted by event and, for OpenTelemetry metrics, by series and hour. */
    String tagsSql() {
        String recent = " WHERE user_id = " + string(userId) + " AND event_time >= toDateTime(" + integer(tagsSinceMillis / 1000) + ")";
        String seriesSince = " WHERE user_id = " + string(userId) + " AND event_time >= toDateTime("
                + integer(Math.floorDiv(tagsSinceMillis, 3_600_000L) * 3600) + ")";
        return "SELECT metric_name, key, uniq(value) AS distinct_values, topK(" + integer(topValues) + ")(value) AS top_values FROM ("
                + "SELECT toString(metric_name) AS metric_name, k AS key, v AS value FROM " + Tables.METRICS
                + " FINAL ARRAY JOIN tag_keys AS k, tag_values AS v" + recent
                + " UNION ALL SELECT toString(metric_name), k, v FROM " + RowTable.OTEL_SERIES.qualifiedName()
                + " FINAL ARRAY JOIN tag_keys AS k, tag_values AS v" + seriesSince
                + " UNION ALL SELECT toString(metric_name), k, v FROM " + RowTable.OTEL_SERIES.qualifiedName()
                + " FINAL ARRAY JOIN resource_keys AS k, resource_values AS v" + seriesSince
                + ") GROUP BY metric_name, key ORDER BY metric_name, key LIMIT " + integer(maxKeys) + " BY metric_name";
    }

    @Override
    public Uni<MetricNamesAnswer> answer(QuerySources sources, Instant computedAt) {
        return sources.clickhouse().apply(metricsSql()).chain(metrics -> sources.clickhouse().apply(tagsSql()).map(tags -> {
            Map<String, List<MetricNamesAnswer.TagKey>> keys = new HashMap<>();
            for (JsonNode tag : tags) {
                List<String> top = new ArrayList<>();
                tag.get("top_values").forEach(value -> top.add(value.asText()));
                keys.computeIfAbsent(tag.get("metric_name").asText(), ignored -> new ArrayList<>())
                        .add(new MetricNamesAnswer.TagKey(tag.get("key").asText(), tag.get("distinct_values").asLong(), top));
            }
            List<MetricNamesAnswer.Metric> listed = metrics.stream().limit(limit).map(row -> new MetricNamesAnswer.Metric(
                    row.get("metric_name").asText(), MetricType.ofLabel(row.get("type").asText()).orElse(MetricType.EVENT),
                    row.get("unit").asText(), row.get("count").asLong(), Instant.ofEpochMilli(row.get("last_seen").asLong()),
                    keys.getOrDefault(row.get("metric_name").asText(), List.of()))).toList();
            return new MetricNamesAnswer(Answer.CLICKHOUSE, false, computedAt, userId, listed, metrics.size() > limit);
        }));
    }
}
