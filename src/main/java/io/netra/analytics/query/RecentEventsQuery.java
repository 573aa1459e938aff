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

import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.model.MetricName;

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

    @Override
    public String sql() {
        StringBuilder sql = new StringBuilder("SELECT toString(event_id) AS id, metric_name, value, unit, event_time_ms, tag_keys, tag_values")
                .append(" FROM ").append(Tables.METRICS).append(" FINAL")
                .append(" WHERE user_id = ").append(string(userId))
                .append(" AND ").append(range.sqlCondition());
        metric.ifPresent(name -> sql.append(" AND metric_name = ").append(string(name.value())));
        after.ifPresent(cursor -> sql.append(" AND (event_time_ms < ").append(integer(cursor.timestampMillis()))
                .append(" OR (event_time_ms = ").append(integer(cursor.timestampMillis()))
                .append(" AND toString(event_id) < ").append(string(cursor.eventId().toString())).append("))"));
        // one row more than asked tells whether there is a next page
        return sql.append(" ORDER BY event_time_ms DESC, id DESC LIMIT ").append(integer(limit + 1L)).toString();
    }

    @Override
    public EventsPage answer(List<JsonNode> rows, Instant computedAt) {
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
