package io.netra.analytics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One event as the JSONEachRow line ClickHouse stores. The same line travels through the batch, the outage queue,
 * replay and the dead-letter stream, so a replayed event is byte for byte the event that was acknowledged.
 */
public record EventRow(String json) {

    static byte[] jsonEachRow(List<EventRow> rows) {
        StringBuilder body = new StringBuilder(rows.size() * 256);
        for (EventRow row : rows) {
            body.append(row.json()).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
