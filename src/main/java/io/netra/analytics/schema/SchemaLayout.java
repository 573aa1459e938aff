package io.netra.analytics.schema;

import static io.netra.analytics.clickhouse.SqlLiterals.identifier;
import static io.netra.analytics.clickhouse.SqlLiterals.integer;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

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

    /** Why the service will not run on an events table with {@code engine}, which it never converts. */
    String mismatch(String engine) {
        return cluster.map(name -> "netra.clickhouse.cluster is " + name + " but " + Tables.METRICS + " is a " + engine
                        + " table, a single-node install; move its events to the cluster as the README says"
                        + " (Scaling out, \"From one node to a cluster\")")
                .orElse(Tables.METRICS + " is a " + engine + " table, a cluster install; set netra.clickhouse.cluster to"
                        + " the cluster it was created on");
    }

    /** Keeps events for {@code days}: the TTL belongs to the table that stores them, on every node of a cluster. */
    String retention(int days) {
        String table = cluster.map(name -> Tables.METRICS_LOCAL + " ON CLUSTER " + identifier(name)).orElse(Tables.METRICS);
        return "ALTER TABLE " + table + " MODIFY TTL event_time + INTERVAL " + integer(days) + " DAY";
    }
}
