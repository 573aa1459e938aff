package io.netra.analytics.support;

import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ClickHouse cluster for tests, as {@code scripts/servers.sh} builds it: ZooKeeper and 2 shards x 2 replicas of
 * ClickHouse (cluster {@value #NAME}) on free loopback ports, plus the Redis the service needs, data in a temporary
 * directory. Tests stop, kill and restart single nodes, a whole shard or ZooKeeper; data survives a restart.
 */
public final class LocalCluster implements AutoCloseable {

    public static final String NAME = "netra";
    private static final Path SCRIPT = Path.of("scripts/servers.sh").toAbsolutePath();

    private final String password = "cluster-secret-" + Long.toHexString(System.nanoTime());
    private final Path dir;
    private final LocalServers redis;
    private final int zookeeperPort = LocalServers.freePort();
    private final LocalServers.Server zookeeper = new LocalServers.Server("zookeeper");
    private final List<Node> nodes = new ArrayList<>();

    /** One ClickHouse replica of the cluster. */
    public record Node(String name, int shard, int httpPort, int tcpPort, int interserverPort, LocalServers.Server process) {
        public String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    private LocalCluster() {
        try {
            dir = Files.createTempDirectory("netra-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redis = LocalServers.start(false);
        for (int shard = 1; shard <= 2; shard++) {
            for (int replica = 1; replica <= 2; replica++) {
                String name = "s" + shard + "r" + replica;
                nodes.add(new Node(name, shard, LocalServers.freePort(), LocalServers.freePort(), LocalServers.freePort(),
                        new LocalServers.Server("clickhouse " + name)));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Starts ZooKeeper, the four ClickHouse nodes and Redis. */
    public static LocalCluster start() {
        LocalServers.run(List.of(SCRIPT.toString(), "install", "zookeeper"));
        LocalCluster cluster = new LocalCluster();
        cluster.startZooKeeper();
        cluster.nodes.forEach(cluster::startNode);
        return cluster;
    }

    /** The settings that point the service at the cluster through its first node, and at Redis. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>(redis.serviceConfig());
        config.put("netra.clickhouse.url", entry().url());
        config.put("netra.clickhouse.password", password);
        config.put("netra.clickhouse.cluster", NAME);
        return config;
    }

    /** The node the service talks to. */
    public Node entry() {
        return node(1, 1);
    }

    public Node node(int shard, int replica) {
        return nodes.get((shard - 1) * 2 + replica - 1);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public List<Node> shard(int shard) {
        return nodes.stream().filter(node -> node.shard() == shard).toList();
    }

    public void startNode(Node node) {
        String topology = shard(1).get(0).tcpPort() + "," + shard(1).get(1).tcpPort() + "/"
                + shard(2).get(0).tcpPort() + "," + shard(2).get(1).tcpPort();
        node.process().started(LocalServers.run(List.of(SCRIPT.toString(), "clickhouse-replica", dir.resolve(node.name()).toString(),
                String.valueOf(node.httpPort()), String.valueOf(node.tcpPort()), String.valueOf(node.interserverPort()), password,
                String.valueOf(zookeeperPort), String.valueOf(node.shard()), node.name(), topology)));
    }

    /** SIGKILL: a node lost at once, nothing flushed. */
    public void killNode(Node node) {
        node.process().signal("KILL");
        node.process().stop();
    }

    public void stopNode(Node node) {
        node.process().stop();
    }

    public void startZooKeeper() {
        zookeeper.started(LocalServers.run(List.of(SCRIPT.toString(), "zookeeper", dir.resolve("zookeeper").toString(),
                String.valueOf(zookeeperPort))));
    }

    public void stopZooKeeper() {
        zookeeper.stop();
    }

    /** Restarts whatever a test stopped. */
    public void ensureRunning() {
        if (!zookeeper.isAlive()) {
            startZooKeeper();
        }
        nodes.stream().filter(node -> !node.process().isAlive()).forEach(this::startNode);
    }

    /** Runs SQL on one node as its local admin user. */
    public String query(Node node, String sql) {
        return LocalServers.query(node.url(), sql);
    }

    public long count(Node node, String sql) {
        return Long.parseLong(query(node, sql));
    }

    /** The shard a user's events go to: the Distributed table's sharding key over two shards of weight 1. */
    public int shardOf(String user) {
        return 1 + (int) count(entry(), "SELECT cityHash64(" + string(user) + ") % 2");
    }

    /** Ids of a user's events as queries see them, through the Distributed table with FINAL. */
    public List<String> storedEventIds(String user) {
        return query(entry(), "SELECT toString(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = "
                + string(user) + " FORMAT TSV").lines().toList();
    }

    public String redis(String... command) {
        return redis.redis(command);
    }

    @Override
    public synchronized void close() {
        nodes.forEach(node -> node.process().stop());
        zookeeper.stop();
        redis.close();
        keepErrorLogs();
        LocalServers.delete(dir);
    }

    /** Each node's error log goes to target/, where a failed build's reader looks, before the data goes. */
    private void keepErrorLogs() {
        for (Node node : nodes) {
            Path log = dir.resolve(node.name()).resolve("log/clickhouse-server.err.log");
            try {
                if (Files.exists(log)) {
                    Files.copy(log, Path.of("target/cluster-clickhouse-" + node.name() + ".err.log"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
