package io.netra.analytics.query;

import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The metric names a user has, with counts and when each was last seen. */
public record MetricNamesQuery(String userId) implements AnalyticsQuery {

    public MetricNamesQuery {
        AnalyticsQuery.requireUser(userId);
    }

    @Override
    public String normalized() {
        return "names";
    }

    @Override
    public String sql() {
        return "SELECT metric_name, count() AS count, max(event_time_ms) AS last_seen"
                + " FROM netra_analytics.performance_metrics FINAL"
                + " WHERE user_id = " + string(userId)
                + " GROUP BY metric_name ORDER BY metric_name";
    }

    @Override
    public JsonNode shape(List<JsonNode> rows, ObjectMapper json) {
        ObjectNode data = json.createObjectNode().put("userId", userId);
        ArrayNode metrics = data.putArray("metrics");
        for (JsonNode row : rows) {
            metrics.addObject()
                    .put("name", row.get("metric_name").asText())
                    .put("count", row.get("count").asLong())
                    .put("lastSeen", Instant.ofEpochMilli(row.get("last_seen").asLong()).toString());
        }
        return data;
    }
}
