package io.netra.analytics.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SchemaLayoutTest {

    private static final SchemaLayout CLUSTER = new SchemaLayout(Optional.of("analytics`prod"));

    /** Every table the service stores rows in, each with an event_time the retention goes by. */
    private static final List<String> TABLES = List.of("performance_metrics", "otel_points", "otel_series", "otel_gauge", "otel_sum",
            "otel_histogram", "otel_exponential_histogram", "otel_summary", "otel_exemplars");

    @Test
    void aSingleNodeRunsItsFilesAsWrittenOnAReplacingMergeTree() {
        assertEquals("CREATE TABLE t ON CLUSTER ${cluster}", SchemaLayout.SINGLE_NODE.statement("CREATE TABLE t ON CLUSTER ${cluster}"));
        assertEquals("db/clickhouse/", SchemaLayout.SINGLE_NODE.folder());
        assertEquals("ReplacingMergeTree", SchemaLayout.SINGLE_NODE.eventsEngine());
        assertEquals(TABLES.stream().map(table -> "ALTER TABLE netra_analytics." + table + " MODIFY TTL event_time"
                + (table.equals("otel_series") ? " + INTERVAL 1 HOUR" : "") + " + INTERVAL 30 DAY").toList(), SchemaLayout.SINGLE_NODE.retention(30));
        assertEquals("SELECT DISTINCT partition FROM system.parts WHERE active AND database = 'netra_analytics' AND table = 'performance_metrics'",
                SchemaLayout.SINGLE_NODE.partitions("netra_analytics.performance_metrics"));
        assertEquals("ALTER TABLE netra_analytics.performance_metrics DROP PARTITION 202601",
                SchemaLayout.SINGLE_NODE.dropPartition("netra_analytics.performance_metrics", 202601));
    }

    @Test
    void aClusterNamesItsClusterAsAQuotedIdentifierAndKeepsItsEventsInTheReplicatedTables() {
        assertEquals("CREATE DATABASE d ON CLUSTER `analytics\\`prod`", CLUSTER.statement("CREATE DATABASE d ON CLUSTER ${cluster}"));
        assertEquals("db/clickhouse/cluster/", CLUSTER.folder());
        assertEquals("Distributed", CLUSTER.eventsEngine());
        assertEquals(TABLES.stream().map(table -> "ALTER TABLE netra_analytics." + table + "_local ON CLUSTER `analytics\\`prod` MODIFY TTL event_time"
                + (table.equals("otel_series") ? " + INTERVAL 1 HOUR" : "") + " + INTERVAL 7 DAY").toList(), CLUSTER.retention(7));
        assertEquals("SELECT DISTINCT partition FROM cluster('analytics`prod', system, parts) WHERE active AND database = 'netra_analytics'"
                + " AND table = 'performance_metrics_local'", CLUSTER.partitions("netra_analytics.performance_metrics_local"));
        assertEquals("ALTER TABLE netra_analytics.performance_metrics_local ON CLUSTER `analytics\\`prod` DROP PARTITION 202601",
                CLUSTER.dropPartition("netra_analytics.performance_metrics_local", 202601));
    }

    @Test
    void eitherLayoutSaysWhatToDoWithAnInstallOfTheOther() {
        assertTrue(CLUSTER.mismatch("otel_points", "ReplacingMergeTree")
                .startsWith("netra.clickhouse.cluster is analytics`prod but netra_analytics.otel_points is a ReplacingMergeTree table,"
                        + " a single-node install; move its events to the cluster as docs/scaling.md says"));
        assertTrue(SchemaLayout.SINGLE_NODE.mismatch("performance_metrics", "Distributed")
                .startsWith("netra_analytics.performance_metrics is a Distributed table, a cluster install; set netra.clickhouse.cluster to"
                        + " the cluster it was created on"));
    }
}
