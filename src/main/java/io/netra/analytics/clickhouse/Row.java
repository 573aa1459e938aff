package io.netra.analytics.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One row of one of the service's tables, as the JSONEachRow line ClickHouse stores, in UTF-8. The same line
 * travels through the batch, the outage queue, replay and the dead-letter stream, so a replayed row is byte for byte
 * the row that was acknowledged.
 */
public record Row(RowTable table, byte[] utf8) {

    public static Row of(RowTable table, String json) {
        return new Row(table, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The line as text, for Redis. */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The line's size, as the buffer and the queue count it. */
    public long bytes() {
        return utf8.length;
    }

    /** Whether this is a row of its table as the service writes them (a queue entry may hold anything). */
    public boolean isWellFormed() {
        return table.recognizes(utf8);
    }

    /** How many of {@code rows} are events or data points, as acknowledgements and rates count them. */
    public static int dataRows(List<Row> rows) {
        return (int) rows.stream().filter(Row::holdsData).count();
    }

    /** Whether this row is an event or a data point, not a row that describes points. */
    public boolean holdsData() {
        return table.holdsData();
    }

    /** The JSONEachRow body of {@code rows}, which are of one table. */
    public static byte[] jsonEachRow(List<Row> rows) {
        int size = 0;
        for (Row row : rows) {
            size += row.utf8.length + 1;
        }
        byte[] body = new byte[size];
        int at = 0;
        for (Row row : rows) {
            System.arraycopy(row.utf8, 0, body, at, row.utf8.length);
            at += row.utf8.length;
            body[at++] = '\n';
        }
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row that && table == that.table && Arrays.equals(utf8, that.utf8);
    }

    @Override
    public int hashCode() {
        return 31 * table.hashCode() + Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return table.key() + " " + json();
    }
}
