package io.netra.analytics.schema;

import static io.netra.analytics.clickhouse.SqlLiterals.identifier;
import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.config.NetraConfig;

/**
 * How the schema is laid out on the ClickHouse the service runs on. On one node the events table is a
 * ReplacingMergeTree. On a cluster each node holds a replicated table of its shard's events, and a Distributed table
 * under the single-node name spreads them by user, so the service reads and writes one name either way. An ON
 * CLUSTER statement is another statement, so the cluster's migrations are their own files, version for version.
 */
@Singleton
public class SchemaLayout {

    static final SchemaLayout SINGLE_NODE = new SchemaLayout(Optional.empty());
    private static final String CLUSTER_PLACEHOLDER = "${cluster}";

    private final Optional<String> cluster;

    @Inject
    SchemaLayout(NetraConfig config) {
        this(config.clickhouse().cluster());
    }

    SchemaLayout(Optional<String> cluster) {
        this.cluster = cluster;
    }

    /** The resource folder of this layout's bootstrap script and migrations. */
    String folder() {
        return cluster.isPresent() ? "db/clickhouse/cluster/" : "db/clickhouse/";
    }

    /** A statement of this layout's files as it runs: a cluster file names its cluster as {@value #CLUSTER_PLACEHOLDER}. */
    String statement(String sql) {
        return cluster.map(name -> sql.replace(CLUSTER_PLACEHOLDER, identifier(name))).orElse(sql);
    }

    /** The engine the events table has in this layout; another one is an install of the other layout. */
    String eventsEngine() {
        return cluster.isPresent() ? "Distributed" : "ReplacingMergeTree";
    }

    /** Why the service will not run on the row table {@code table} with {@code engine}, which it never converts. */
    String mismatch(String table, String engine) {
        String qualified = Tables.DATABASE + "." + table;
        return cluster.map(name -> "netra.clickhouse.cluster is " + name + " but " + qualified + " is a " + engine
                        + " table, a single-node install; move its events to the cluster as docs/scaling.md says"
                        + " (Scaling out, \"From one node to a cluster\")")
                .orElse(qualified + " is a " + engine + " table, a cluster install; set netra.clickhouse.cluster to"
                        + " the cluster it was created on");
    }

    /** The tables whose rows the retention removes: those that store them, on every node of a cluster. */
    List<String> retainedTables() {
        return Arrays.stream(RowTable.values()).map(this::retainedName).toList();
    }

    /**
     * The statements that keep each retained table's rows for {@code days}, where the server has TTL. A series row's
     * event_time is the start of its points' hour: it stays an hour longer, as long as the last of them.
     */
    List<String> retention(int days) {
        return Arrays.stream(RowTable.values()).map(table -> "ALTER TABLE " + retainedName(table) + onCluster() + " MODIFY TTL event_time"
                + (table == RowTable.OTEL_SERIES ? " + INTERVAL 1 HOUR" : "") + " + INTERVAL " + integer(days) + " DAY").toList();
    }

    private String retainedName(RowTable table) {
        return cluster.isPresent() ? table.localName() : table.qualifiedName();
    }

    /** The partitions of {@code table} that hold rows, on every node of a cluster (column {@code partition}). */
    String partitions(String table) {
        String parts = cluster.map(name -> "cluster(" + string(name) + ", system, parts)").orElse("system.parts");
        int dot = table.indexOf('.');
        return "SELECT DISTINCT partition FROM " + parts + " WHERE active AND database = " + string(table.substring(0, dot))
                + " AND table = " + string(table.substring(dot + 1));
    }

    /** Drops one monthly partition of {@code table} (a toYYYYMM value), on every node of a cluster. */
    String dropPartition(String table, int month) {
        return "ALTER TABLE " + table + onCluster() + " DROP PARTITION " + integer(month);
    }

    private String onCluster() {
        return cluster.map(name -> " ON CLUSTER " + identifier(name)).orElse("");
    }
}
