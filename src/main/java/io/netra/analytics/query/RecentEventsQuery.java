package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Raw events, newest first, one page at a time. Pages are keyed by (time, id) rather than offsets, so new events
 * arriving between pages neither repeat nor skip rows. Ids compare as strings: UUID ordering differs across versions.
 */
public record RecentEventsQuery(String userId, Optional<String> metric, long fromMillis, long toMillis, int limit,
        Optional<EventCursor> after) implements AnalyticsQuery {

    public RecentEventsQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String normalized() {
        return "events?metric=" + metric.orElse("") + "&from=" + fromMillis + "&to=" + toMillis + "&limit=" + limit
                + "&cursor=" + after.map(EventCursor::encode).orElse("");
    }

    @Override
    public String sql() {
        StringBuilder sql = new StringBuilder("SELECT toString(event_id) AS id, metric_name, value, unit, event_time_ms, tag_keys, tag_values")
                .append(" FROM netra_analytics.performance_metrics FINAL")
                .append(" WHERE user_id = ").append(string(userId))
                .append(" AND event_time >= toDateTime(").append(integer(fromMillis / 1000)).append(")")
                .append(" AND event_time <= toDateTime(").append(integer(toMillis / 1000)).append(")")
                .append(" AND event_time_ms >= ").append(integer(fromMillis))
                .append(" AND event_time_ms < ").append(integer(toMillis));
        metric.ifPresent(name -> sql.append(" AND metric_name = ").append(string(name)));
        after.ifPresent(cursor -> sql.append(" AND (event_time_ms < ").append(integer(cursor.timestampMillis()))
                .append(" OR (event_time_ms = ").append(integer(cursor.timestampMillis()))
                .append(" AND toString(event_id) < ").append(string(cursor.eventId().toString())).append("))"));
        // one row more than asked tells whether there is a next page
        return sql.append(" ORDER BY event_time_ms DESC, id DESC LIMIT ").append(integer(limit + 1L)).toString();
    }

    @Override
    public JsonNode shape(List<JsonNode> rows, ObjectMapper json) {
        ObjectNode data = json.createObjectNode().put("userId", userId);
        ArrayNode events = data.putArray("events");
        List<JsonNode> page = rows.subList(0, Math.min(limit, rows.size()));
        for (JsonNode row : page) {
            ObjectNode event = events.addObject()
                    .put("eventId", row.get("id").asText())
                    .put("metric", row.get("metric_name").asText())
                    .put("value", row.get("value").asDouble())
                    .put("unit", row.get("unit").asText())
                    .put("timestamp", Instant.ofEpochMilli(row.get("event_time_ms").asLong()).toString());
            ObjectNode tags = event.putObject("tags");
            for (int i = 0; i < row.get("tag_keys").size(); i++) {
                tags.put(row.get("tag_keys").get(i).asText(), row.get("tag_values").get(i).asText());
            }
        }
        if (rows.size() > limit) {
            JsonNode last = page.get(page.size() - 1);
            data.put("nextCursor", new EventCursor(last.get("event_time_ms").asLong(), UUID.fromString(last.get("id").asText())).encode());
        } else {
            data.putNull("nextCursor");
        }
        return data;
    }
}
