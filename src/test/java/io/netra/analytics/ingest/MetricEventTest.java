package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.model.MetricName;

/** The row as ClickHouse reads it: the same bytes a JSON generator writes, whatever the strings hold. */
class MetricEventTest {

    private final ObjectMapper json = new ObjectMapper();

    private static MetricEvent event(String text, double value) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("region", text);
        tags.put("host", "h-1");
        return new MetricEvent(UUID.fromString("0b6a1f9e-3c0f-4b8e-9a57-1f0c8e3d2a11"), text, new MetricName("http.latency"),
                value, "ms", 1_764_000_000_123L, tags, 1_764_000_001_000L);
    }

    /** What Jackson's generator writes for the same fields in the same order. */
    private String generated(MetricEvent event) throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("event_id", event.eventId().toString());
        row.put("user_id", event.userId());
        row.put("metric_name", event.metric().value());
        row.put("value", event.value());
        row.put("unit", event.unit());
        row.put("event_time_ms", event.timestampMillis());
        row.put("tag_keys", List.copyOf(event.tags().keySet()));
        row.put("tag_values", List.copyOf(event.tags().values()));
        row.put("received_at_ms", event.receivedAtMillis());
        return json.writeValueAsString(row);
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice", "quote\" back\\slash", "tab\tnew\nline\u0001ctl", "ünïcødé 東京 🚀", "</script>", "" })
    void everyStringIsQuotedAsAGeneratorQuotesIt(String text) throws Exception {
        MetricEvent event = event(text, 12.5);

        String row = new String(event.toRow().utf8(), StandardCharsets.UTF_8);

        assertEquals(generated(event), row);
        JsonNode parsed = json.readTree(row);
        assertEquals(text, parsed.get("user_id").asText());
        assertEquals(text, parsed.get("tag_values").get(0).asText());
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.0, -0.0, 1.0, 0.1, 1e-300, 123456789.123, Double.MAX_VALUE, Double.MIN_VALUE, -42.25 })
    void valuesRoundTripExactly(double value) throws Exception {
        MetricEvent event = event("alice", value);

        JsonNode parsed = json.readTree(event.toRow().utf8());

        assertEquals(value, parsed.get("value").asDouble());
        assertEquals(generated(event), event.toRow().json());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 3 })
    void anyNumberOfTagsKeepsKeysAndValuesInStep(int count) throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("k" + i, "v" + i);
        }
        MetricEvent event = new MetricEvent(UUID.randomUUID(), "bob", new MetricName("cpu"), 1, "ms", 1, tags, 2);

        JsonNode parsed = json.readTree(event.toRow().utf8());

        assertEquals(count, parsed.get("tag_keys").size());
        for (int i = 0; i < count; i++) {
            assertEquals("k" + i, parsed.get("tag_keys").get(i).asText());
            assertEquals("v" + i, parsed.get("tag_values").get(i).asText());
        }
    }
}
