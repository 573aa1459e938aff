package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * The packaged application (the JVM jar, or the native executable when the build made one) run as its own
 * process in the prod profile, as an operator runs it: the test can call it over HTTP, send it signals and read
 * its log. Several can run side by side.
 */
public final class PackagedApp implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port = LocalServers.freePort();
    private final Path log;
    private final Process process;

    private PackagedApp(Map<String, String> config, Map<String, String> environment, Path log) {
        this.log = log;
        Map<String, String> settings = new TreeMap<>(config);
        settings.put("quarkus.http.port", String.valueOf(port));
        List<String> command = new ArrayList<>();
        command.add(isNative() ? Path.of(System.getProperty("native.image.path")).toAbsolutePath().toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!isNative()) {
            command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the application with {@code config} as system properties; returns once it serves /q/health/started. */
    public static PackagedApp start(Map<String, String> config, Path log) {
        return start(config, Map.of(), log);
    }

    /** The same, with {@code environment} added to the process's, as a Deployment's env sets it. */
    public static PackagedApp start(Map<String, String> config, Map<String, String> environment, Path log) {
        PackagedApp app = new PackagedApp(config, environment, log);
        try {
            Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!app.process.isAlive()) {
                    throw new IllegalStateException("the application exited at startup; its log:\n" + app.log());
                }
                return app.answers("/q/health/started");
            });
            return app;
        } catch (RuntimeException failed) {
            app.close();
            throw failed;
        }
    }

    /** The native executable when the build made one (-Dnative), else the JVM jar. */
    private static boolean isNative() {
        return Boolean.getBoolean("packaged.native");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** True when {@code path} answers 200; false also while nothing listens yet. */
    public boolean answers(String path) throws InterruptedException {
        try {
            return status(path) == 200;
        } catch (IOException notListening) {
            return false;
        }
    }

    public int status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Calls {@code path} with a bearer token (null: none); {@code jsonBody} null for a GET. */
    public HttpResponse<String> call(String method, String path, String token, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The outage queue's depth as the admin API reports it; -1 while Redis cannot tell. */
    public long queueDepth(String adminToken) throws IOException, InterruptedException {
        Matcher depth = Pattern.compile("\"depth\":(\\d+)").matcher(call("GET", "/api/v1/admin/resilience", adminToken, null).body());
        return depth.find() ? Long.parseLong(depth.group(1)) : -1;
    }

    /** Sends SIGTERM, as Kubernetes does when it stops a pod. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL, as the kernel's OOM killer or a lost node does: no shutdown runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
