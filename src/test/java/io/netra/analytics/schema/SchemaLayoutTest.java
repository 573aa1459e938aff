package io.netra.analytics.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SchemaLayoutTest {

    private static final SchemaLayout CLUSTER = new SchemaLayout(Optional.of("analytics`prod"));

    @Test
    void aSingleNodeRunsItsFilesAsWrittenOnAReplacingMergeTree() {
        assertEquals("CREATE TABLE t ON CLUSTER ${cluster}", SchemaLayout.SINGLE_NODE.statement("CREATE TABLE t ON CLUSTER ${cluster}"));
        assertEquals("db/clickhouse/", SchemaLayout.SINGLE_NODE.folder());
        assertEquals("ReplacingMergeTree", SchemaLayout.SINGLE_NODE.eventsEngine());
        assertEquals("ALTER TABLE netra_analytics.performance_metrics MODIFY TTL event_time + INTERVAL 30 DAY",
                SchemaLayout.SINGLE_NODE.retention(30));
    }

    @Test
    void aClusterNamesItsClusterAsAQuotedIdentifierAndKeepsItsEventsInTheReplicatedTables() {
        assertEquals("CREATE DATABASE d ON CLUSTER `analytics\\`prod`", CLUSTER.statement("CREATE DATABASE d ON CLUSTER ${cluster}"));
        assertEquals("db/clickhouse/cluster/", CLUSTER.folder());
        assertEquals("Distributed", CLUSTER.eventsEngine());
        assertEquals("ALTER TABLE netra_analytics.performance_metrics_local ON CLUSTER `analytics\\`prod` MODIFY TTL event_time + INTERVAL 7 DAY",
                CLUSTER.retention(7));
    }

    @Test
    void eitherLayoutSaysWhatToDoWithAnInstallOfTheOther() {
        assertTrue(CLUSTER.mismatch("ReplacingMergeTree").contains("a single-node install; move its events to the cluster as the README says"));
        assertTrue(SchemaLayout.SINGLE_NODE.mismatch("Distributed").contains("set netra.clickhouse.cluster to the cluster it was created on"));
    }
}
