package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.IngestLoad;
import io.netra.analytics.support.LocalCluster;
import io.netra.analytics.support.LocalCluster.Node;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.SchemaVersions;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TokenIssuer;

/**
 * The packaged service on a ClickHouse cluster (ZooKeeper, 2 shards x 2 replicas) with {@code netra.clickhouse.cluster}
 * set: the schema on every node, events through the Distributed table to their user's shard, and what a replica, a
 * shard or ZooKeeper going down does to them. The service talks to the first node; the others are what fails.
 */
class ClusterIT {

    private static final Duration CHANGE = Duration.ofSeconds(90);
    private static final String DEAD_LETTERS = "netra:dead-letters";

    @AutoClose
    private static final LocalCluster cluster = LocalCluster.start();
    private final TokenIssuer issuer = new TokenIssuer();
    private final String admin = issuer.forUser("operator", "admin");
    private PackagedApp app;

    @AfterEach
    void stopServiceAndRestoreCluster() {
        if (app != null) {
            app.close();
        }
        cluster.ensureRunning();
    }

    /** Starts the service on the cluster and waits until its schema is in place: every migration applied. */
    private PackagedApp start(String name, String... overrides) {
        launch(name, overrides);
        Awaitility.await().atMost(CHANGE).until(() -> {
            HttpResponse<String> schema = app.call("GET", "/q/health/group/schema", null, null);
            return schema.statusCode() == 200 && Pattern.compile("\"schemaVersion\"\\s*:\\s*" + SchemaVersions.latest() + "\\b").matcher(schema.body()).find();
        });
        return app;
    }

    private PackagedApp launch(String name, String... overrides) {
        if (app != null) {
            app.close();
        }
        Map<String, String> config = new HashMap<>(cluster.serviceConfig());
        config.putAll(issuer.serviceConfig());
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        app = PackagedApp.start(config, Path.of("target/cluster-" + name + ".log"));
        return app;
    }

    @Test
    void theSchemaReachesEveryNodeAndANodeDownAtStartupGetsItWhenItReturns() throws Exception {
        cluster.query(cluster.entry(), "DROP DATABASE IF EXISTS netra_analytics ON CLUSTER " + LocalCluster.NAME);
        Node absent = cluster.node(2, 2);
        cluster.stopNode(absent);

        // the ON CLUSTER statements wait 2 s for the absent node, then leave it the DDL queue: the service is ready
        start("schema", "netra.clickhouse.cluster-ddl-wait", "2s");

        for (Node node : cluster.nodes()) {
            if (node != absent) {
                assertEquals(clusterTables(), tables(node), node.name());
            }
        }
        cluster.startNode(absent);
        Awaitility.await().atMost(CHANGE).until(() -> tables(absent).equals(clusterTables()));

        String user = userOnShard(2);
        List<String> ids = post(user, 20, "clickhouse");
        Awaitility.await().atMost(CHANGE).until(() -> cluster.count(absent,
                "SELECT count() FROM netra_analytics.performance_metrics_local WHERE user_id = '" + user + "'") == ids.size());
    }

    @Test
    void aSingleNodeInstallIsRefusedUntouchedAndMovesToTheClusterAsTheReadmeSays() throws Exception {
        Node node = cluster.entry();
        cluster.query(node, "DROP DATABASE IF EXISTS netra_analytics ON CLUSTER " + LocalCluster.NAME);
        // an install from before the cluster: the service without netra.clickhouse.cluster on one of the nodes
        start("single-node", "netra.clickhouse.cluster", "");
        String user = userOnShard(2);
        List<String> history = post(user, 30, "clickhouse");
        // a point stored before V3 and never copied (its split copy gone): it moves with otel_points
        cluster.query(node, "INSERT INTO netra_analytics.otel_points (point_id, user_id, metric_name, metric_type, series_id, time_unix_nano,"
                + " value, received_at_ms) VALUES ('00000000-0000-0000-0000-000000000007', '" + user + "', 'pool.size', 'gauge', 7, "
                + Instant.now().toEpochMilli() + "000000, 1.5, 1)");
        cluster.query(node, "TRUNCATE TABLE netra_analytics.otel_gauge");

        launch("refused");
        Awaitility.await().atMost(CHANGE).until(() -> app.call("GET", "/q/health/group/schema", null, null).body()
                .contains("a single-node install; move its events to the cluster as docs/scaling.md says"));
        assertEquals(Stream.concat(Stream.concat(ROW_TABLES.stream().map(table -> table + " ReplacingMergeTree"),
                VIEWS.stream().map(view -> view + " MaterializedView")), Stream.of("schema_migrations ReplacingMergeTree")).sorted().toList(),
                tables(node),
                "nothing was converted or created");

        // docs/scaling.md, "From one node to a cluster"
        for (String view : VIEWS) {
            cluster.query(node, "DROP TABLE netra_analytics." + view);
        }
        cluster.query(node, Stream.concat(ROW_TABLES.stream(), Stream.of("schema_migrations"))
                .map(table -> "netra_analytics." + table + " TO netra_analytics." + table + "_single").collect(Collectors.joining(", ", "RENAME TABLE ", "")));
        start("moved");
        cluster.query(node, "INSERT INTO netra_analytics.performance_metrics (event_id, user_id, metric_name, value, unit,"
                + " event_time_ms, tag_keys, tag_values, received_at_ms) SELECT event_id, user_id, metric_name, value, unit,"
                + " event_time_ms, tag_keys, tag_values, received_at_ms FROM netra_analytics.performance_metrics_single");
        for (String table : ROW_TABLES) {
            if (table.startsWith("otel_")) {
                cluster.query(node, "INSERT INTO netra_analytics." + table + " SELECT * FROM netra_analytics." + table + "_single");
            }
        }
        Awaitility.await().atMost(CHANGE).until(() -> cluster.count(node, "SELECT count() FROM netra_analytics.otel_gauge FINAL"
                + " WHERE user_id = '" + user + "'") == 1);

        assertStoredOnce(user, history);
        Awaitility.await().atMost(CHANGE).until(() -> cluster.count(cluster.node(2, 1),
                "SELECT count() FROM netra_analytics.performance_metrics_local WHERE user_id = '" + user + "'") == history.size());
    }

    @Test
    void eventsGoToTheirUsersShardAndARedeliveredEventIsCountedOnce() throws Exception {
        start("ingest");
        for (int shard = 1; shard <= 2; shard++) {
            String user = userOnShard(shard);
            List<String> ids = Api.newIds(50);
            String events = Api.events(ids, "cluster");
            assertStoredIn("clickhouse", ids.size(), send(user, events));
            // the same events again, as a client retrying after a lost answer sends them
            assertStoredIn("clickhouse", ids.size(), send(user, events));

            assertStoredOnce(user, ids);
            Awaitility.await().atMost(CHANGE).untilAsserted(() -> assertEquals(ids.size(), summaryCount(user), "the API counts each event once"));
            for (Node node : cluster.nodes()) {
                long expected = node.shard() == shard ? ids.size() : 0;
                Awaitility.await().atMost(CHANGE).until(() -> cluster.count(node, "SELECT count() FROM netra_analytics.performance_metrics_local FINAL"
                        + " WHERE user_id = '" + user + "'") == expected);
            }
        }
        otelPointsAreJoinedToTheirSeriesOnTheirUsersShard(userOnShard(2));
    }

    /** A grouped and a filtered summary and the events page join each point to its series, both on the user's shard. */
    private void otelPointsAreJoinedToTheirSeriesOnTheirUsersShard(String user) throws Exception {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        String point = "{\"asDouble\":%s,\"timeUnixNano\":\"%d\",\"attributes\":[{\"key\":\"host\",\"value\":{\"stringValue\":\"%s\"}}]}";
        String export = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"shop\"}}]},"
                + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"pool.size\",\"unit\":\"1\",\"gauge\":{\"dataPoints\":["
                + point.formatted("3", now, "h1") + "," + point.formatted("5", now, "h2") + "," + point.formatted("7", now + 1, "h2") + "]}}]}]}]}";
        for (int send = 0; send < 2; send++) {
            HttpResponse<String> exported = app.call("POST", "/v1/metrics", issuer.forUser(user), export);
            assertEquals(200, exported.statusCode(), exported.body());
        }

        Awaitility.await().atMost(CHANGE).untilAsserted(() -> {
            String byHost = app.call("GET", "/api/v1/metrics/summary?metric=pool.size&interval=1h&groupBy=host", issuer.forUser(user), null).body();
            assertTrue(byHost.matches("(?s).*\"host\":\"h1\".*\"count\":1,.*") && byHost.matches("(?s).*\"host\":\"h2\".*\"count\":2,.*"), byHost);
            String onH2 = app.call("GET", "/api/v1/metrics/summary?metric=pool.size&interval=1h&tag.service.name=shop&tag.host=h2",
                    issuer.forUser(user), null).body();
            assertTrue(onH2.contains("\"count\":2,\"avg\":6"), onH2);
            String events = app.call("GET", "/api/v1/metrics/events?metric=pool.size", issuer.forUser(user), null).body();
            assertEquals(3, Pattern.compile("\"host\":\"h[12]\"").matcher(events).results().count(), events);
        });
    }

    @Test
    void writesGoOnWithAReplicaKilledUnderLoadAndItCatchesUpWhenRestarted() throws Exception {
        start("replica");
        Node victim = cluster.node(2, 2);
        Node survivor = cluster.node(2, 1);
        String user = userOnShard(victim.shard());
        String other = userOnShard(1);
        IngestLoad load = IngestLoad.start(app.url(), user, issuer.forUser(user), 2, 100);
        IngestLoad otherLoad = IngestLoad.start(app.url(), other, issuer.forUser(other), 2, 100);
        try (load; otherLoad) {
            Awaitility.await().atMost(CHANGE).until(() -> load.acknowledgedCount() > 2_000 && otherLoad.acknowledgedCount() > 2_000);

            cluster.killNode(victim);
            Instant killed = Instant.now();
            Awaitility.await().atMost(CHANGE).until(() -> load.acknowledgedSince(killed).size() > 5_000);
            // with the replica still down, what was acknowledged meanwhile is stored and nothing is left in the queue
            Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0
                    && cluster.storedEventIds(user).containsAll(load.acknowledgedSince(killed)));
            assertAnsweredFromClickHouse(user, "queries read the shard's other replica");

            cluster.startNode(victim);
            Instant restarted = Instant.now();
            Awaitility.await().atMost(CHANGE).until(() -> load.acknowledgedSince(restarted).size() > 2_000);
        }
        Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
        assertStoredOnce(user, load.acknowledged());
        assertStoredOnce(other, otherLoad.acknowledged());
        String rows = "SELECT count() FROM netra_analytics.performance_metrics_local WHERE user_id = '" + user + "'";
        Awaitility.await().atMost(CHANGE).until(() -> cluster.count(victim, rows) == cluster.count(survivor, rows));
        assertTrue(cluster.count(victim, rows) >= load.acknowledgedCount(), "the restarted replica fetched what it missed");
    }

    @Test
    void aShardDownQueuesItsEventsInsteadOfDeadLetteringThemAndTheReplayCompletesWhenItReturns() throws Exception {
        start("shard");
        String user = userOnShard(2);
        long deadLetters = deadLetters();
        cluster.shard(2).forEach(cluster::killNode);

        List<String> ids = new ArrayList<>();
        for (int request = 0; request < 10; request++) {
            ids.addAll(post(user, 100, null));
        }
        assertTrue(app.queueDepth(admin) > 0, "events of the missing shard wait in the outage queue");
        assertEquals(deadLetters, deadLetters(), "a missing shard is an outage, not a refusal of the events");

        cluster.shard(2).forEach(cluster::startNode);
        Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
        assertStoredOnce(user, ids);
        assertEquals(deadLetters, deadLetters());
    }

    @Test
    void withZooKeeperDownInsertsAreQueuedReadsGoOnAndTheQueueIsReplayedWhenItReturns() throws Exception {
        start("zookeeper");
        String user = userOnShard(1);
        List<String> ids = new ArrayList<>(post(user, 10, "clickhouse"));
        long deadLetters = deadLetters();

        cluster.stopZooKeeper();
        // replicated tables turn read-only once their ZooKeeper session is gone: inserts fail, events are queued
        Awaitility.await().atMost(CHANGE).until(() -> {
            ids.addAll(post(user, 100, null));
            return app.queueDepth(admin) > 0;
        });
        for (int request = 0; request < 5; request++) {
            ids.addAll(post(user, 100, "queued"));
        }
        assertAnsweredFromClickHouse(user, "reads need no ZooKeeper");

        cluster.startZooKeeper();
        Awaitility.await().atMost(CHANGE).until(() -> app.queueDepth(admin) == 0);
        assertStoredOnce(user, ids);
        assertEquals(deadLetters, deadLetters());
    }

    /**
     * Every acknowledged event stored once, as soon as the replicas have caught up: a read through the Distributed
     * table may meet the replica of a shard that has not yet fetched the latest insert.
     */
    private static void assertStoredOnce(String user, Collection<String> acknowledged) {
        Awaitility.await().atMost(CHANGE).untilAsserted(() -> StoredOnce.assertEachAcknowledgedEventStoredOnce(cluster.storedEventIds(user), acknowledged));
    }

    /** The tables the service stores rows in, by name. */
    private static final List<String> ROW_TABLES = List.of("otel_exemplars", "otel_exponential_histogram", "otel_gauge", "otel_histogram",
            "otel_points", "otel_series", "otel_sum", "otel_summary", "performance_metrics");
    /** The views that split what lands in otel_points, the table of releases before V3, into the tables of each type. */
    private static final List<String> VIEWS = Stream.of("exemplars", "exponential_histogram", "gauge", "histogram", "series", "sum", "summary")
            .map(table -> "otel_points_to_" + table).toList();

    private static List<String> clusterTables() {
        return Stream.concat(Stream.concat(ROW_TABLES.stream().flatMap(table -> Stream.of(table + " Distributed",
                table + "_local ReplicatedReplacingMergeTree")), VIEWS.stream().map(view -> view + " MaterializedView")),
                Stream.of("schema_migrations ReplicatedReplacingMergeTree")).sorted().toList();
    }

    private static List<String> tables(Node node) {
        return cluster.query(node, "SELECT concat(name, ' ', engine) FROM system.tables WHERE database = 'netra_analytics'"
                + " ORDER BY name FORMAT TSV").lines().toList();
    }

    private static String userOnShard(int shard) {
        String user;
        do {
            user = "cluster-" + UUID.randomUUID();
        } while (cluster.shardOf(user) != shard);
        return user;
    }

    /** Posts {@code size} new events; expects 202 and, unless {@code where} is null, all of them stored there. */
    private List<String> post(String user, int size, String where) throws Exception {
        List<String> ids = Api.newIds(size);
        HttpResponse<String> receipt = send(user, Api.events(ids, "cluster"));
        if (where != null) {
            assertStoredIn(where, size, receipt);
        }
        return ids;
    }

    private HttpResponse<String> send(String user, String events) throws Exception {
        HttpResponse<String> receipt = app.call("POST", "/api/v1/metrics", issuer.forUser(user), events);
        assertEquals(202, receipt.statusCode(), receipt.body());
        return receipt;
    }

    private static void assertStoredIn(String where, int size, HttpResponse<String> receipt) {
        assertTrue(receipt.body().contains("\"" + where + "\":" + size), receipt.body());
    }

    /** A query of the user's metric names, answered fresh from ClickHouse, not from a cache. */
    private void assertAnsweredFromClickHouse(String user, String why) throws Exception {
        HttpResponse<String> names = app.call("GET", "/api/v1/metrics/names", issuer.forUser(user), null);
        assertEquals(200, names.statusCode(), names.body());
        assertTrue(names.body().contains("\"source\":\"clickhouse\"") && names.body().contains("\"stale\":false"), why + ": " + names.body());
    }

    private long summaryCount(String user) throws Exception {
        HttpResponse<String> summary = app.call("GET", "/api/v1/metrics/summary?metric=cluster&interval=1h", issuer.forUser(user), null);
        assertEquals(200, summary.statusCode(), summary.body());
        long total = 0;
        for (Matcher count = Pattern.compile("\"count\":(\\d+)").matcher(summary.body()); count.find(); ) {
            total += Long.parseLong(count.group(1));
        }
        return total;
    }

    private static long deadLetters() {
        return Long.parseLong(cluster.redis("XLEN", DEAD_LETTERS).strip());
    }
}
