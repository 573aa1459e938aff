package io.netra.analytics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One event as the JSONEachRow line ClickHouse stores. The same line travels through the batch, the outage queue,
 * replay and the dead-letter stream, so a replayed event is byte for byte the event that was acknowledged.
 */
public record EventRow(String json) {

    /** The line's size in UTF-8, as the buffer and the queue count it. */
    public long bytes() {
        long bytes = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    static byte[] jsonEachRow(List<EventRow> rows) {
        StringBuilder body = new StringBuilder(rows.size() * 256);
        for (EventRow row : rows) {
            body.append(row.json()).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
