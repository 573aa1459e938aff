package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.model.MetricName;
import io.netra.analytics.summary.TimeRange;
import io.smallrye.mutiny.Uni;

/**
 * Raw events, newest first, one page at a time. Pages are keyed by (time, id) rather than offsets, so new events
 * arriving between pages neither repeat nor skip rows. Ids compare as strings: UUID ordering differs across versions.
 */
public record RecentEventsQuery(String userId, Optional<MetricName> metric, TimeRange range, int limit,
        Optional<EventCursor> after) implements AnalyticsQuery {

    public RecentEventsQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String cacheKey() {
        return "events?metric=" + metric.map(MetricName::value).orElse("") + "&" + range.key() + "&limit=" + limit
                + "&cursor=" + after.map(EventCursor::encode).orElse("");
    }

    /**
     * Events of the JSON API and OpenTelemetry gauge and sum points alike: a metric is one whichever door it came
     * through. A point's unit and attributes are its series' (ANY: one of the series' hourly rows, which agree).
     */
    String sql() {
        String condition = " user_id = " + string(userId) + metric.map(name -> " AND metric_name = " + string(name.value())).orElse("");
        String where = " WHERE" + condition + " AND " + range.sqlCondition();
        StringBuilder sql = new StringBuilder("SELECT * FROM (")
                .append("SELECT toString(event_id) AS id, toString(metric_name) AS metric_name, value, toString(unit) AS unit, event_time_ms,")
                .append(" tag_keys, tag_values FROM ").append(Tables.METRICS).append(" FINAL").append(where);
        for (RowTable points : List.of(RowTable.OTEL_GAUGE, RowTable.OTEL_SUM)) {
            sql.append(" UNION ALL SELECT toString(point_id), toString(metric_name), value, unit, event_time_ms, tag_keys, tag_values")
                    .append(" FROM ").append(points.qualifiedName()).append(" FINAL ANY LEFT JOIN (SELECT series_id, toString(unit) AS unit,")
                    .append(" tag_keys, tag_values FROM ").append(RowTable.OTEL_SERIES.qualifiedName()).append(" WHERE").append(condition)
                    .append(" AND ").append(range.seriesCondition()).append(") AS series USING series_id").append(where).append(" AND bitAnd(flags, 1) = 0");
        }
        sql.append(")");
        after.ifPresent(cursor -> sql.append(" WHERE event_time_ms < ").append(integer(cursor.timestampMillis()))
                .append(" OR (event_time_ms = ").append(integer(cursor.timestampMillis()))
                .append(" AND id < ").append(string(cursor.eventId().toString())).append(")"));
        // one row more than asked tells whether there is a next page
        return sql.append(" ORDER BY event_time_ms DESC, id DESC LIMIT ").append(integer(limit + 1L)).toString();
    }

    @Override
    public Uni<EventsPage> answer(QuerySources sources, Instant computedAt) {
        return sources.clickhouse().apply(sql()).map(rows -> page(rows, computedAt));
    }

    private EventsPage page(List<JsonNode> rows, Instant computedAt) {
        List<JsonNode> page = rows.subList(0, Math.min(limit, rows.size()));
        List<EventsPage.Event> events = page.stream().map(row -> {
            Map<String, String> tags = new LinkedHashMap<>();
            for (int i = 0; i < row.get("tag_keys").size(); i++) {
                tags.put(row.get("tag_keys").get(i).asText(), row.get("tag_values").get(i).asText());
            }
            return new EventsPage.Event(UUID.fromString(row.get("id").asText()), row.get("metric_name").asText(),
                    row.get("value").asDouble(), row.get("unit").asText(),
                    Instant.ofEpochMilli(row.get("event_time_ms").asLong()), tags);
        }).toList();
        String next = null;
        if (rows.size() > limit) {
            EventsPage.Event last = events.get(events.size() - 1);
            next = new EventCursor(last.timestamp().toEpochMilli(), last.eventId()).encode();
        }
        return new EventsPage(Answer.CLICKHOUSE, false, computedAt, userId, events, next);
    }

}
