package io.netra.analytics.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tables the service writes rows to, each with the name its rows carry in the outage queue and the field every
 * row of it starts with, by which the replayer tells the service's rows from anything else in the queue.
 */
public enum RowTable {
    /** Events of the JSON API. Queue entries of earlier releases name no table: they are events. */
    EVENTS("events", Tables.METRICS, Tables.METRICS_LOCAL, "event_id"),
    /** OpenTelemetry data points of every type. */
    OTEL_POINTS("otel_points", Tables.OTEL_POINTS, Tables.OTEL_POINTS_LOCAL, "point_id");

    private final String key;
    private final String qualifiedName;
    private final String localName;
    private final byte[] rowStart;

    RowTable(String key, String qualifiedName, String localName, String firstField) {
        this.key = key;
        this.qualifiedName = qualifiedName;
        this.localName = localName;
        this.rowStart = ("{\"" + firstField + "\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** As queue entries name it. */
    public String key() {
        return key;
    }

    /** Where the service writes and reads the rows (on a cluster, the Distributed table). */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** The table's name in the database. */
    public String tableName() {
        return qualifiedName.substring(qualifiedName.indexOf('.') + 1);
    }

    /** Every table's name as a SQL list, to look them up in {@code system.tables}. */
    public static String sqlNameList() {
        return Arrays.stream(values()).map(table -> SqlLiterals.string(table.tableName())).collect(Collectors.joining(", ", "(", ")"));
    }

    /** On a cluster, each node's table of its shard's rows. */
    public String localName() {
        return localName;
    }

    /** Whether {@code row} is a row of this table as the service writes them. */
    public boolean recognizes(byte[] row) {
        return row.length >= rowStart.length && Arrays.equals(row, 0, rowStart.length, rowStart, 0, rowStart.length);
    }

    /** The table a queue entry names; entries that name none are events, as every release before OTLP wrote. */
    public static Optional<RowTable> ofKey(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of(EVENTS);
        }
        return Arrays.stream(values()).filter(table -> table.key.equals(key)).findFirst();
    }
}
