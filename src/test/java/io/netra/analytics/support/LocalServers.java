package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real ClickHouse and Redis servers for tests, on free loopback ports with data in a temporary directory, started
 * through scripts/servers.sh (which installs the Debian packages when missing). Tests use it to stop, hang
 * (SIGSTOP) and restart a server; data survives a restart.
 */
public final class LocalServers implements AutoCloseable {

    public static final String CLICKHOUSE_USER = "netra";
    public static final String CLICKHOUSE_PASSWORD = "test-secret-" + Long.toHexString(System.nanoTime());
    private static final Path SCRIPT = Path.of("scripts/servers.sh").toAbsolutePath();

    private final Path dir;
    private final int clickHouseHttpPort = freePort();
    private final int clickHouseTcpPort = freePort();
    private final int redisPort = freePort();
    private final Server clickhouse = new Server("clickhouse");
    private final Server redis = new Server("redis");

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

    public String clickHouseUrl() {
        return "http://127.0.0.1:" + clickHouseHttpPort;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    public void startClickHouse() {
        clickhouse.started(run(List.of(SCRIPT.toString(), "clickhouse", dir.resolve("clickhouse").toString(),
                String.valueOf(clickHouseHttpPort), String.valueOf(clickHouseTcpPort), CLICKHOUSE_PASSWORD)));
    }

    public void startRedis() {
        redis.started(run(List.of(SCRIPT.toString(), "redis", dir.resolve("redis").toString(), String.valueOf(redisPort))));
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

    /** Brings both servers back to running, whatever a test did to them. */
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
    }

    @Override
    public synchronized void close() {
        clickhouse.stop();
        redis.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // the directory is temporary; a leftover is harmless
        }
    }

    private static String run(List<String> command) {
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Server {
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

        synchronized boolean isAlive() {
            return process != null && process.isAlive();
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
                process.onExit().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
