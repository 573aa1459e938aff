package io.netra.analytics.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tables the service writes rows to, each with the name its rows carry in the outage queue, the text every row
 * of it starts with (its id's field), by which the replayer tells the service's rows from anything else in the queue, and whether
 * its rows are what a client sent (events, points) or describe them.
 */
public enum RowTable {
    /** Events of the JSON API. Queue entries of earlier releases name no table: they are events. */
    EVENTS("events", Tables.METRICS_NAME, "{\"event_id\":\"", true),
    /**
     * OpenTelemetry points as releases before V3 wrote them, every type in one row with its series: only replayed
     * from the queue, where such releases left them; views split what lands there into the tables below.
     */
    OTEL_POINTS("otel_points", "{\"point_id\":\"", true),
    /** What a series shares (metric, resource, scope, its attributes), once per hour it has points in. */
    OTEL_SERIES("otel_series", "{\"series_id\":", false),
    OTEL_GAUGE("otel_gauge", "{\"point_id\":\"", true),
    OTEL_SUM("otel_sum", "{\"point_id\":\"", true),
    OTEL_HISTOGRAM("otel_histogram", "{\"point_id\":\"", true),
    OTEL_EXPONENTIAL_HISTOGRAM("otel_exponential_histogram", "{\"point_id\":\"", true),
    OTEL_SUMMARY("otel_summary", "{\"point_id\":\"", true),
    /** The exemplars of the points that have any. */
    OTEL_EXEMPLARS("otel_exemplars", "{\"point_id\":\"", false);

    private final String key;
    private final String tableName;
    private final byte[] rowStart;
    private final boolean data;

    /** A table whose rows the queue names by the table's name. */
    RowTable(String tableName, String rowStart, boolean data) {
        this(tableName, tableName, rowStart, data);
    }

    RowTable(String key, String tableName, String rowStart, boolean data) {
        this.key = key;
        this.tableName = tableName;
        this.data = data;
        this.rowStart = rowStart.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether a row of this table is an event or a data point, which acknowledgements, ingest metrics and rates
     * count; a series' or a point's exemplars' row only describes points.
     */
    public boolean holdsData() {
        return data;
    }

    /** As queue entries name it. */
    public String key() {
        return key;
    }

    /** Where the service writes and reads the rows (on a cluster, the Distributed table). */
    public String qualifiedName() {
        return Tables.DATABASE + "." + tableName;
    }

    /** The table's name in the database. */
    public String tableName() {
        return tableName;
    }

    /** Every table's name as a SQL list, to look them up in {@code system.tables}. */
    public static String sqlNameList() {
        return Arrays.stream(values()).map(table -> SqlLiterals.string(table.tableName())).collect(Collectors.joining(", ", "(", ")"));
    }

    /** On a cluster, each node's table of its shard's rows. */
    public String localName() {
        return qualifiedName() + "_local";
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
