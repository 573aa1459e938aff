package io.netra.analytics.benchmark;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.netra.analytics.schema.SchemaState;
import io.netra.analytics.support.ClickHouseSql;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.LocalServersResource;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Ingest throughput through the service (HTTP, JWT, validation, batching, fault tolerance) against a raw bulk insert
 * of the same events straight into ClickHouse, in one run. Writes target/benchmarks/ingest.md.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
class IngestThroughputBenchmark {

    private static final int EVENTS = 200_000;
    private static final int PER_REQUEST = 500;
    private static final int CONCURRENCY = 16;

    @Inject
    SchemaState schema;

    @Test
    void serviceAgainstRawBulkInsert() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(schema::isReady);
        String serviceUser = "ingest-bench-" + UUID.randomUUID();
        String rawUser = "raw-bench-" + UUID.randomUUID();
        long base = Instant.now().minusSeconds(3600).toEpochMilli();

        List<String> bodies = new ArrayList<>();
        List<String> rawRows = new ArrayList<>();
        for (int request = 0; request < EVENTS / PER_REQUEST; request++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < PER_REQUEST; i++) {
                int n = request * PER_REQUEST + i;
                String id = UUID.randomUUID().toString();
                long ts = base + n;
                double value = n % 1000 / 10.0;
                events.add("{\"eventId\":\"" + id + "\",\"metric\":\"bench.latency\",\"value\":" + value
                        + ",\"unit\":\"ms\",\"timestamp\":" + ts + ",\"tags\":{\"host\":\"h" + n % 8 + "\"}}");
                rawRows.add("{\"event_id\":\"" + id + "\",\"user_id\":\"" + rawUser + "\",\"metric_name\":\"bench.latency\",\"value\":"
                        + value + ",\"unit\":\"ms\",\"event_time_ms\":" + ts + ",\"tag_keys\":[\"host\"],\"tag_values\":[\"h" + n % 8
                        + "\"],\"received_at_ms\":" + ts + "}");
            }
            bodies.add("[" + String.join(",", events) + "]");
        }
        String token = Tokens.forUser(serviceUser);
        String url = "http://localhost:" + RestAssured.port + "/api/v1/metrics";

        LoadDriver.Result service = new LoadDriver().run("service: POST /api/v1/metrics, " + PER_REQUEST + " events per request",
                bodies.size(), CONCURRENCY, i -> HttpRequest.newBuilder(LoadDriver.uri(url))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build(), 202);
        long stored = ClickHouseSql.count("SELECT count() FROM netra_analytics.performance_metrics WHERE user_id = '" + serviceUser + "'");

        LoadDriver.Result raw = rawBulkInsert(rawRows);

        double ratio = (EVENTS / service.seconds()) / (EVENTS / raw.seconds());
        LoadDriver.report("ingest.md", "Ingest throughput: service vs raw ClickHouse bulk insert", List.of(
                "Machine: 2 cores, the service, ClickHouse 18.16 and Redis on the same host; " + EVENTS + " events.",
                "",
                String.format("- service: %.0f events/s (%d requests of %d events, %d in flight, %d failed, %d rows stored)",
                        EVENTS / service.seconds(), service.requests(), PER_REQUEST, CONCURRENCY, service.failures(), stored),
                String.format("- raw bulk insert (JSONEachRow over HTTP, 50,000 rows per insert): %.0f events/s", EVENTS / raw.seconds()),
                String.format("- **ratio service / raw: %.2f**", ratio),
                "",
                "Request latency through the service:",
                "",
                LoadDriver.HEADER,
                service.row()));
    }

    private static LoadDriver.Result rawBulkInsert(List<String> rows) throws Exception {
        int chunk = 50_000;
        LocalServers servers = LocalServersResource.servers();
        String url = servers.clickHouseUrl() + "/?user=" + LocalServers.CLICKHOUSE_USER + "&password=" + LocalServers.CLICKHOUSE_PASSWORD
                + "&query=" + java.net.URLEncoder.encode("INSERT INTO netra_analytics.performance_metrics FORMAT JSONEachRow", "UTF-8");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        double[] latencies = new double[rows.size() / chunk];
        long start = System.nanoTime();
        for (int i = 0; i < latencies.length; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(LoadDriver.uri(url))
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", rows.subList(i * chunk, (i + 1) * chunk)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
            latencies[i] = (System.nanoTime() - sent) / 1e6;
        }
        return new LoadDriver.Result("raw bulk insert", latencies.length, 1, 0, (System.nanoTime() - start) / 1e9, latencies);
    }
}
