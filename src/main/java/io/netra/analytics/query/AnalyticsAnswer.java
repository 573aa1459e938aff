package io.netra.analytics.query;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An answer and where it came from: {@code clickhouse} or {@code cache}; stale when served by the fallback. */
public record AnalyticsAnswer(JsonNode data, String source, boolean stale, Instant computedAt) {

    public static final String CLICKHOUSE = "clickhouse";
    public static final String CACHE = "cache";

    public JsonNode toJson() {
        ObjectNode body = ((ObjectNode) data).deepCopy();
        body.put("source", source).put("stale", stale).put("computedAt", computedAt.toString());
        return body;
    }
}
