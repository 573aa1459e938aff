package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * Real ClickHouse and Redis servers for tests, on free loopback ports with data in a temporary directory, started
 * through scripts/servers.sh (which installs the Debian packages when missing). Tests stop, hang (SIGSTOP), wipe and
 * restart them, and change the password ClickHouse expects from the service; data survives a restart.
 */
public final class LocalServers implements AutoCloseable {

    public static final String CLICKHOUSE_USER = "netra";
    private static final String SENTINEL_MASTER = "netra";
    private static final Path SCRIPT = Path.of("scripts/servers.sh").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration CHANGE = Duration.ofSeconds(30);

    private final String password = "test-secret-" + Long.toHexString(System.nanoTime());
    private final Path dir;
    private final int clickHouseHttpPort = freePort();
    private final int clickHouseTcpPort = freePort();
    private final int redisPort = freePort();
    private final Server clickhouse = new Server("clickhouse");
    private final Server redis = new Server("redis");
    private final List<Integer> replicaPorts = List.of(freePort(), freePort());
    private final List<Server> replicas = List.of(new Server("redis replica 1"), new Server("redis replica 2"));
    private final List<Integer> sentinelPorts = List.of(freePort(), freePort(), freePort());
    private final List<Server> sentinels = List.of(new Server("sentinel 1"), new Server("sentinel 2"), new Server("sentinel 3"));
    private final List<Integer> clusterPorts = List.of(freePort(), freePort(), freePort());
    private final List<Server> clusterNodes = List.of(new Server("redis cluster 1"), new Server("redis cluster 2"), new Server("redis cluster 3"));
    private volatile boolean passwordRotated;

    private LocalServers() {
        try {
            dir = Files.createTempDirectory("netra-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Starts Redis, and ClickHouse too unless {@code withClickHouse} is false (a test starts it later). */
    public static LocalServers start(boolean withClickHouse) {
        LocalServers servers = new LocalServers();
        run(List.of(SCRIPT.toString(), "install"));
        servers.startRedis();
        if (withClickHouse) {
            servers.startClickHouse();
        }
        return servers;
    }

    /** The settings that point the service at these servers. */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "netra.clickhouse.url", clickHouseUrl(),
                "netra.clickhouse.username", CLICKHOUSE_USER,
                "netra.clickhouse.password", password,
                "quarkus.redis.hosts", redisUrl());
    }

    public String clickHouseUrl() {
        return "http://127.0.0.1:" + clickHouseHttpPort;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    public void startClickHouse() {
        clickhouse.started(run(List.of(SCRIPT.toString(), "clickhouse", clickHouseDir().toString(),
                String.valueOf(clickHouseHttpPort), String.valueOf(clickHouseTcpPort), password)));
    }

    public void startRedis() {
        redis.started(run(List.of(SCRIPT.toString(), "redis", dir.resolve("redis").toString(), String.valueOf(redisPort))));
    }

    /** Adds two replicas of this Redis, those not running (for Redis WAIT, and so that after a failover the new master has one). */
    public void startRedisReplicas() {
        for (int i = 0; i < replicas.size(); i++) {
            if (replicas.get(i).isAlive()) {
                continue;
            }
            replicas.get(i).started(run(List.of(SCRIPT.toString(), "redis", dir.resolve("redis-replica-" + i).toString(),
                    String.valueOf(replicaPorts.get(i)), String.valueOf(redisPort))));
        }
        // online: past the initial sync, so each one acknowledges writes (WAIT counts it)
        Awaitility.await().atMost(CHANGE).until(() -> redis("INFO", "replication").split("state=online", -1).length - 1 == replicas.size());
    }

    public void stopRedisReplicas() {
        replicas.forEach(Server::stop);
    }

    /** Three Sentinels watching this Redis and its replicas (quorum 2), as a Redis Sentinel deployment. */
    public void startSentinels() {
        for (int i = 0; i < sentinels.size(); i++) {
            sentinels.get(i).started(run(List.of(SCRIPT.toString(), "sentinel", dir.resolve("sentinel-" + i).toString(),
                    String.valueOf(sentinelPorts.get(i)), SENTINEL_MASTER, String.valueOf(redisPort), "2")));
        }
    }

    /** The settings that point the service at the Sentinels instead of one Redis. */
    public Map<String, String> sentinelServiceConfig() {
        Map<String, String> config = new HashMap<>(serviceConfig());
        config.put("quarkus.redis.hosts", String.join(",", sentinelPorts.stream().map(port -> "redis://127.0.0.1:" + port).toList()));
        config.put("quarkus.redis.client-type", "sentinel");
        config.put("quarkus.redis.master-name", SENTINEL_MASTER);
        config.put("quarkus.redis.role", "master");
        // on, the native executable fails at startup (NPE in Vert.x's SentinelTopology); off, new connections still ask a Sentinel
        config.put("quarkus.redis.auto-failover", "false");
        return config;
    }

    /** A Redis Cluster of three masters beside the single Redis, as a managed Redis Cluster offers it. */
    public void startRedisCluster() {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "redis-cluster", dir.resolve("redis-cluster").toString()));
        clusterPorts.forEach(port -> command.add(String.valueOf(port)));
        String[] pids = run(command).lines().reduce((first, last) -> last).orElseThrow().strip().split(" ");
        for (int i = 0; i < clusterNodes.size(); i++) {
            clusterNodes.get(i).started(pids[i]);
        }
    }

    /** The settings that point the service at the Redis Cluster, with the queue's keys under one hash tag. */
    public Map<String, String> redisClusterServiceConfig() {
        Map<String, String> config = new HashMap<>(serviceConfig());
        config.put("quarkus.redis.hosts", String.join(",", clusterPorts.stream().map(port -> "redis://127.0.0.1:" + port).toList()));
        config.put("quarkus.redis.client-type", "cluster");
        config.put("netra.outage-queue.stream-key", "{netra}:outage-queue");
        config.put("netra.outage-queue.dead-letter-key", "{netra}:dead-letters");
        return config;
    }

    /** Runs a command on the Redis Cluster (redis-cli -c follows its redirections). */
    public String redisCluster(String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-c", "-p", String.valueOf(clusterPorts.get(0))));
        line.addAll(List.of(command));
        return run(line);
    }

    /** The port of the Redis the Sentinels call master now. */
    public int redisMasterPort() {
        List<String> address = run(List.of("redis-cli", "-p", String.valueOf(sentinelPorts.get(0)), "SENTINEL",
                "get-master-addr-by-name", SENTINEL_MASTER)).lines().toList();
        return Integer.parseInt(address.get(1).strip());
    }

    /** SIGKILL to the first Redis (the master until a failover), as a lost node: no AOF flush, no goodbye. */
    public void killRedis() {
        redis.signal("KILL");
    }

    public void stopClickHouse() {
        clickhouse.stop();
    }

    public void stopRedis() {
        redis.stop();
    }

    /** Freezes ClickHouse with SIGSTOP: connections are accepted by the kernel but nothing answers. */
    public void hangClickHouse() {
        clickhouse.signal("STOP");
    }

    public void resumeClickHouse() {
        clickhouse.signal("CONT");
    }

    /** Deletes a stopped ClickHouse's data, as a lost volume does: it starts again with no database and no tables. */
    public void deleteClickHouseData() {
        if (clickhouse.isAlive()) {
            throw new IllegalStateException("stop ClickHouse before deleting its data");
        }
        delete(clickHouseDir().resolve("data"));
        delete(clickHouseDir().resolve("metadata"));
    }

    /** Makes ClickHouse expect another password from the service (a rotated secret), and waits until it does. */
    public void rotateServicePassword() {
        run(List.of(SCRIPT.toString(), "clickhouse-password", clickHouseDir().toString(), password + "-rotated"));
        passwordRotated = true;
        Awaitility.await().atMost(CHANGE).until(() -> serviceLoginStatus() != 200);
    }

    /** Gives ClickHouse back the service's password, and waits until it accepts it. */
    public void restoreServicePassword() {
        run(List.of(SCRIPT.toString(), "clickhouse-password", clickHouseDir().toString(), password));
        passwordRotated = false;
        Awaitility.await().atMost(CHANGE).until(() -> serviceLoginStatus() == 200);
    }

    private int serviceLoginStatus() throws Exception {
        String url = clickHouseUrl() + "/?user=" + CLICKHOUSE_USER + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Runs a Redis command with redis-cli and returns its output, for what tests do behind the service's back. */
    public String redis(String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(redisPort)));
        line.addAll(List.of(command));
        return run(line);
    }

    /** Installs the OpenTelemetry JavaScript SDK client (and Node, if missing) under target/; returns its folder. */
    public String installOpenTelemetryJsClient() {
        return run(List.of(SCRIPT.toString(), "otel-js", Path.of("target/otel-sdk-client").toAbsolutePath().toString()));
    }

    /** Fetches the OpenTelemetry Java SDK client and the SDK version it pins under target/; returns its folder. */
    public String installOpenTelemetryJavaClient() {
        return run(List.of(SCRIPT.toString(), "otel-java", Path.of("target/otel-java-sdk-client").toAbsolutePath().toString()));
    }

    /** Runs SQL as ClickHouse's local admin user, independently of the service and its credentials. */
    public String query(String sql) {
        return query(clickHouseUrl(), sql);
    }

    /** Runs SQL as the local admin user of the ClickHouse at {@code url}. */
    static String query(String url, String sql) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/?user=default"))
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Queries the service's ClickHouse user has sent, as the query log records them (flushed first). */
    public long queriesLogged() {
        query("SYSTEM FLUSH LOGS");
        return count("SELECT count() FROM system.query_log WHERE type = 1 AND user = '" + CLICKHOUSE_USER + "'");
    }

    public long count(String sql) {
        return Long.parseLong(query(sql));
    }

    /** Ids of the rows stored for {@code user} as queries see them (FINAL): an id twice is an event counted twice. */
    public List<String> storedEventIds(String user) {
        return query("SELECT toString(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = '"
                + user + "' FORMAT TSV").lines().toList();
    }

    /** Brings both servers back to running with the service's password, whatever a test did to them. */
    public void ensureRunning() {
        if (clickhouse.paused) {
            resumeClickHouse();
        }
        if (!clickhouse.isAlive()) {
            startClickHouse();
        }
        if (!redis.isAlive()) {
            startRedis();
        }
        if (passwordRotated) {
            restoreServicePassword();
        }
    }

    @Override
    public synchronized void close() {
        clickhouse.stop();
        redis.stop();
        replicas.forEach(Server::stop);
        sentinels.forEach(Server::stop);
        clusterNodes.forEach(Server::stop);
        delete(dir);
    }

    private Path clickHouseDir() {
        return dir.resolve("clickhouse");
    }

    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see its message above");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One server process started by servers.sh, which prints its pid. */
    static final class Server {
        private final String name;
        private ProcessHandle process;
        private boolean paused;

        Server(String name) {
            this.name = name;
        }

        synchronized void started(String pid) {
            process = ProcessHandle.of(Long.parseLong(pid.lines().reduce((first, last) -> last).orElseThrow()))
                    .orElseThrow(() -> new IllegalStateException(name + " exited right after starting"));
            paused = false;
        }

        /** Running: a server that died is a zombie here (no init reaps it), which ProcessHandle still calls alive. */
        synchronized boolean isAlive() {
            return process != null && process.isAlive() && !zombie(process.pid());
        }

        private static boolean zombie(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
            } catch (IOException gone) {
                return false;
            }
        }

        synchronized void signal(String signal) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " is not running");
            }
            run(List.of("kill", "-" + signal, String.valueOf(process.pid())));
            paused = "STOP".equals(signal);
        }

        synchronized void stop() {
            if (!isAlive()) {
                return;
            }
            if (paused) {
                signal("CONT");
            }
            process.destroy();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
