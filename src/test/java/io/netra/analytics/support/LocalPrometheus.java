package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus (Debian's, started by servers.sh) that scrapes one service every second and evaluates the
 * service's alert rules, as the Prometheus of a cluster does, only faster.
 */
public final class LocalPrometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port = LocalServers.freePort();
    private final Path dir;
    private final LocalServers.Server server = new LocalServers.Server("prometheus");

    private LocalPrometheus(String target) {
        try {
            dir = Files.createTempDirectory("netra-prometheus-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path rules = AlertRules.writePlainRulesFile(dir);
        server.started(LocalServers.run(List.of("scripts/servers.sh", "prometheus", dir.resolve("server").toString(),
                String.valueOf(port), target, rules.toString())));
    }

    /** Starts Prometheus scraping {@code target} (host:port) as the job {@code netra-analytics}; returns once it is ready. */
    public static LocalPrometheus scraping(String target) {
        return new LocalPrometheus(target);
    }

    /** The result of an instant query: its series (empty when the expression matches none); fails on a query error. */
    public JsonNode query(String expression) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("Prometheus refused " + expression + ": " + answer);
        }
        return answer.at("/data/result");
    }

    /** Every rule group as Prometheus evaluates it, with each rule's health and last error. */
    public JsonNode ruleGroups() {
        return get("/api/v1/rules").at("/data/groups");
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        LocalServers.delete(dir);
    }
}
