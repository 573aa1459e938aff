package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.otlp.OtlpData;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.TokenIssuer;

/**
 * The OpenTelemetry SDKs, configured as applications configure them, export a counter, an up-down counter, a gauge,
 * an explicit and an exponential histogram to the packaged application in the prod profile: the Java SDK over
 * OTLP/HTTP (protobuf, gzip) and OTLP/gRPC with its own retry policy, the JavaScript SDK over OTLP/HTTP in JSON and
 * in protobuf, each client its own process with the SDK version it pins, as applications are. Healthy, with ClickHouse hung, with it killed and with Redis down too, each export ends acknowledged
 * (queued while ClickHouse is away; refused as retryable while nothing can hold it, and retried by the SDK); an
 * export sent again counts once; at the end every exported point is stored once and the summaries answer what the
 * SDKs recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenTelemetrySdkIT {

    private static final List<String> REGIONS = List.of("eu", "us");
    /** Counter, up-down counter, gauge, histogram, exponential histogram (the SDKs add metrics of their own). */
    private static final int METRICS = 5;
    /** Longer than the client's own wait for an export (ExportClient.EXPORT_WAIT), so that its answer says why. */
    private static final Duration EXPORT_WAIT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_503 = Pattern.compile(
            "(?m)^http_server_requests_seconds_count\\{[^}]*status=\"503\"[^}]*uri=\"/v1/metrics\"[^}]*} (\\S+)$");
    private static final Pattern GRPC_UNAVAILABLE = Pattern.compile(
            "(?m)^grpc_server_processing_duration_seconds_count\\{[^}]*statusCode=\"UNAVAILABLE\"[^}]*} (\\S+)$");

    private LocalServers servers;
    private TokenIssuer issuer;
    private PackagedApp app;

    /** What one application recorded, and the points of its acknowledged exports, to compare with what the service answers. */
    private record Recorded(String service, long ordersAdded, long latencyRecorded, double depthLevel, double highestTemperature, long points) {
    }

    /**
     * One application instrumented with the OpenTelemetry Java SDK: the client in src/test/java-client, run as its own
     * process with the SDK version it pins, and told when to record and when to export.
     */
    private static final class JavaApplication implements AutoCloseable {
        private final String service;
        private final Process process;
        /** One export at a time, on a thread of its own: the test goes on while the SDK retries. */
        private final ExecutorService exports = Executors.newSingleThreadExecutor();
        private final BufferedReader answers;
        private final PrintWriter commands;

        JavaApplication(Path client, String url, String token, String service, String protocol) throws IOException {
            this.service = service;
            ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", client.resolve("lib") + "/*", client.resolve("ExportClient.java").toString())
                    .redirectError(Path.of("target/otel-java-sdk-client-" + service + ".log").toFile());
            java.environment().putAll(Map.of("NETRA_URL", url, "NETRA_TOKEN", token, "SERVICE_NAME", service, "PROTOCOL", protocol));
            process = java.start();
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        private String ask(String command) {
            commands.println(command);
            try {
                String answer = answers.readLine();
                if (answer == null) {
                    throw new IllegalStateException("the Java SDK client exited; see target/otel-java-sdk-client-" + service + ".log");
                }
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void record(int round) {
            assertEquals("recorded", ask("record " + round));
        }

        /** Exports what was recorded; completes with true once the service acknowledged it (after the SDK's retries). */
        CompletableFuture<Boolean> export() {
            return CompletableFuture.supplyAsync(() -> Boolean.parseBoolean(ask("export")), exports);
        }

        boolean exportAgain() {
            return Boolean.parseBoolean(ask("export-again"));
        }

        Recorded recorded() throws IOException {
            return recordedBy(service, ask("recorded"));
        }

        @Override
        public void close() throws InterruptedException {
            exports.shutdown();
            commands.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @BeforeAll
    void start() {
        servers = LocalServers.start(true);
        issuer = new TokenIssuer();
        Map<String, String> config = new HashMap<>(servers.serviceConfig());
        config.putAll(issuer.serviceConfig());
        app = PackagedApp.start(config, Path.of("target/opentelemetry-sdk-app.log"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.answers("/q/health/ready"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        servers.close();
    }

    @Test
    void javaSdkExportsAreStoredOnceThroughOutagesAndAnsweredAsRecorded() throws Exception {
        String user = "java-sdk-" + UUID.randomUUID();
        String token = issuer.forUser(user);
        Path client = Path.of(servers.installOpenTelemetryJavaClient());
        try (JavaApplication overHttp = new JavaApplication(client, app.url(), token, "checkout-http", "http/protobuf");
                JavaApplication overGrpc = new JavaApplication(client, app.url(), token, "checkout-grpc", "grpc")) {
            List<JavaApplication> applications = List.of(overHttp, overGrpc);
            int round = 0;
            exportRound(applications, round++);
            for (JavaApplication application : applications) {
                assertTrue(application.exportAgain(), "the same export, again");
            }

            servers.hangClickHouse();
            try {
                exportRound(applications, round++);
            } finally {
                servers.resumeClickHouse();
            }

            servers.stopClickHouse();
            exportRound(applications, round++);

            // Redis down too: 503 + Retry-After over HTTP, UNAVAILABLE + RetryInfo over gRPC; the SDKs retry until it is back
            servers.stopRedis();
            double http503 = answered(HTTP_503);
            double grpcUnavailable = answered(GRPC_UNAVAILABLE);
            List<CompletableFuture<Boolean>> retrying = new ArrayList<>();
            for (JavaApplication application : applications) {
                application.record(round);
                retrying.add(application.export());
            }
            round++;
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> answered(HTTP_503) > http503 && answered(GRPC_UNAVAILABLE) > grpcUnavailable);
            servers.startRedis();
            for (CompletableFuture<Boolean> export : retrying) {
                assertTrue(export.get(EXPORT_WAIT.toSeconds(), TimeUnit.SECONDS), "the SDK's retries found Redis back");
            }
            servers.startClickHouse();
            awaitEmptyQueue();

            for (JavaApplication application : applications) {
                assertTrue(application.recorded().points() >= (long) round * REGIONS.size() * METRICS, "a point per series, metric and round");
                assertStoredOnceAndAnswered(user, token, application.recorded());
            }
        }
    }

    @Test
    void javaScriptSdkExportsInJsonAndProtobufAreStoredOnceAndAnsweredAsRecorded() throws Exception {
        String user = "js-sdk-" + UUID.randomUUID();
        String token = issuer.forUser(user);
        Path client = Path.of(servers.installOpenTelemetryJsClient());
        // JSON with delta temporality, protobuf with cumulative: both of the SDK's encodings and both temporalities
        Recorded json = runJsClient(client, token, "checkout-js-json", "json", "delta", 2);
        Recorded protobuf = runJsClient(client, token, "checkout-js-protobuf", "protobuf", "cumulative", 2);
        // a second process of the same service: its counters start again from zero, as after a restart
        servers.stopClickHouse();
        Recorded restarted = runJsClient(client, token, "checkout-js-protobuf", "protobuf", "cumulative", 1);
        servers.startClickHouse();
        awaitEmptyQueue();

        assertStoredOnceAndAnswered(user, token, json);
        assertStoredOnceAndAnswered(user, token, new Recorded(protobuf.service(), protobuf.ordersAdded() + restarted.ordersAdded(),
                protobuf.latencyRecorded() + restarted.latencyRecorded(), restarted.depthLevel(),
                Math.max(protobuf.highestTemperature(), restarted.highestTemperature()),
                protobuf.points() + restarted.points()));
    }

    /** Runs the JavaScript client, which exports {@code rounds} times and prints what it recorded. */
    private Recorded runJsClient(Path client, String token, String service, String encoding, String temporality, int rounds)
            throws IOException, InterruptedException {
        ProcessBuilder node = new ProcessBuilder("node", client.resolve("export.mjs").toString()).redirectErrorStream(true);
        node.environment().putAll(Map.of("NETRA_URL", app.url(), "NETRA_TOKEN", token, "SERVICE_NAME", service, "ENCODING", encoding,
                "TEMPORALITY", temporality, "ROUNDS", String.valueOf(rounds)));
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return recordedBy(service, output.lines().reduce((first, second) -> second).orElseThrow());
    }

    /** What a client printed it recorded: both clients print the same JSON. */
    private static Recorded recordedBy(String service, String json) throws IOException {
        JsonNode recorded = JSON.readTree(json);
        return new Recorded(service, recorded.get("ordersAdded").asLong(), recorded.get("latencyRecorded").asLong(),
                recorded.get("depthLevel").asDouble(), recorded.get("lastTemperature").asDouble(), recorded.get("exportedPoints").asLong());
    }

    /** Records a round in each application and exports it; each export must succeed. */
    private static void exportRound(List<JavaApplication> applications, int round) throws Exception {
        List<CompletableFuture<Boolean>> exports = new ArrayList<>();
        for (JavaApplication application : applications) {
            application.record(round);
            exports.add(application.export());
        }
        for (CompletableFuture<Boolean> export : exports) {
            assertTrue(export.get(EXPORT_WAIT.toSeconds(), TimeUnit.SECONDS), "export of round " + round);
        }
    }

    private void awaitEmptyQueue() {
        String admin = issuer.forUser("operator", "admin");
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> app.queueDepth(admin) == 0);
    }

    /** Each exported point stored once, by point id, and the summaries answer what the application recorded. */
    private void assertStoredOnceAndAnswered(String user, String token, Recorded recorded) throws Exception {
        long points = recorded.points();
        String counts = servers.query("SELECT count(), uniqExact(point_id) FROM " + OtlpData.storedPoints(user)
                + " WHERE series_id IN (SELECT series_id FROM netra_analytics.otel_series WHERE user_id = '" + user + "' AND service_name = '"
                + recorded.service() + "') FORMAT TSV");
        assertEquals(points + "\t" + points, counts, "points stored, and distinct point ids, for " + recorded.service());

        String service = "&tag.service.name=" + recorded.service();
        assertEquals(recorded.ordersAdded(), total(summary(token, "metric=orders" + service), "increase"), 1e-9, "orders");
        JsonNode latency = summary(token, "metric=request.duration" + service);
        assertEquals(recorded.latencyRecorded(), total(latency, "count"), 1e-9);
        // 1..100 ms alike in every round: the SDKs' default bounds (..., 25, 50, ...) hold the median in (25, 50]
        double median = latest(latency).path("p50").asDouble(Double.NaN);
        assertTrue(median > 25 && median <= 50, "p50 " + median);
        JsonNode sizes = summary(token, "metric=payload.size" + service);
        assertEquals(recorded.latencyRecorded(), total(sizes, "count"), 1e-9);
        // 10..1000 bytes: the exponential buckets at the scale the SDK chose are narrower than 5%
        assertEquals(505, latest(sizes).path("p50").asDouble(Double.NaN), 505 * 0.05, "exponential p50");
        assertEquals(recorded.depthLevel(), latest(summary(token, "metric=queue.depth" + service)).path("last").asDouble(Double.NaN), 1e-9,
                "the up-down counter's level, summed over the regions");
        JsonNode temperature = summary(token, "metric=temperature&groupBy=region" + service);
        assertEquals(REGIONS.size(), temperature.get("series").size());
        assertEquals(recorded.highestTemperature(), latest(temperature.get("series").get(0)).path("max").asDouble(Double.NaN), 1e-9);
    }

    private JsonNode summary(String token, String query) throws Exception {
        HttpResponse<String> answer = app.call("GET", "/api/v1/metrics/summary?interval=1d&from=" + (System.currentTimeMillis() - 3_600_000)
                + "&" + query, token, null);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static double total(JsonNode summary, String field) {
        double sum = 0;
        for (JsonNode bucket : summary.get("buckets")) {
            sum += bucket.get(field).asDouble();
        }
        return sum;
    }

    /** The last bucket: the only one unless the test ran across midnight. */
    private static JsonNode latest(JsonNode series) {
        JsonNode buckets = series.get("buckets");
        return buckets.get(buckets.size() - 1);
    }

    /** Requests the service answered as {@code matching} counts them on its own Prometheus endpoint. */
    private double answered(Pattern matching) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(app.url() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double count = 0;
        for (Matcher line = matching.matcher(metrics); line.find();) {
            count += Double.parseDouble(line.group(1));
        }
        return count;
    }
}
