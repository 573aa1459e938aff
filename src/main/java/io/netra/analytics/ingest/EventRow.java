package io.netra.analytics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One event as the JSONEachRow line ClickHouse stores, in UTF-8. The same line travels through the batch, the outage
 * queue, replay and the dead-letter stream, so a replayed event is byte for byte the event that was acknowledged.
 */
public record EventRow(byte[] utf8) {

    public static EventRow of(String json) {
        return new EventRow(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The line as text, for Redis. */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The line's size, as the buffer and the queue count it. */
    public long bytes() {
        return utf8.length;
    }

    boolean startsWith(byte[] prefix) {
        return utf8.length >= prefix.length && Arrays.equals(utf8, 0, prefix.length, prefix, 0, prefix.length);
    }

    static byte[] jsonEachRow(List<EventRow> rows) {
        int size = 0;
        for (EventRow row : rows) {
            size += row.utf8.length + 1;
        }
        byte[] body = new byte[size];
        int at = 0;
        for (EventRow row : rows) {
            System.arraycopy(row.utf8, 0, body, at, row.utf8.length);
            at += row.utf8.length;
            body[at++] = '\n';
        }
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventRow that && Arrays.equals(utf8, that.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return json();
    }
}
