package io.netra.analytics.benchmark;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.schema.SchemaState;
import io.netra.analytics.support.ClickHouseSql;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * 128 concurrent clients asking for summaries over a million stored events: cache hits, and ClickHouse-backed
 * answers (each request a different range, so none is cached). Writes target/benchmarks/query.md.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
class QueryLoadBenchmark {

    private static final int USERS = 100;
    private static final int METRICS = 5;
    private static final long STORED = 1_000_000;
    private static final int CLIENTS = 128;

    @Inject
    SchemaState schema;
    @Inject
    MeterRegistry registry;

    @Test
    void summariesUnderLoad() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(schema::isReady);
        long to = Instant.now().toEpochMilli() / 3_600_000 * 3_600_000;
        long from = to - 7L * 86_400_000;
        ClickHouseSql.query("INSERT INTO netra_analytics.performance_metrics"
                + " (event_id, user_id, metric_name, value, unit, event_time_ms, tag_keys, tag_values, received_at_ms)"
                + " SELECT generateUUIDv4(), concat('bench-', toString(number % " + USERS + ")),"
                + " concat('metric.', toString(intDiv(number, " + USERS + ") % " + METRICS + ")), (number * 7919 % 100000) / 100.0, 'ms',"
                + " toUInt64(" + from + " + number * 604.8), [], [], toUInt64(" + to + ")"
                + " FROM system.numbers LIMIT " + STORED);
        long stored = ClickHouseSql.count("SELECT count() FROM netra_analytics.performance_metrics WHERE user_id LIKE 'bench-%'");

        List<String> tokens = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            tokens.add(Tokens.forUser("bench-" + user));
        }
        String base = "http://localhost:" + RestAssured.port + "/api/v1/metrics/summary?interval=1h";
        LoadDriver driver = new LoadDriver();

        // warm the cache with one summary per user and metric, then ask the same questions again and again
        LoadDriver.Result warm = driver.run("warm-up (ClickHouse)", USERS * METRICS, CLIENTS,
                i -> summary(base, tokens.get(i % USERS), i % METRICS, from, to), 200);
        Map<String, Double> before = answers();
        LoadDriver.Result cached = driver.run("cache hits", 20_000, CLIENTS,
                i -> summary(base, tokens.get(i % USERS), i % METRICS, from, to), 200);
        Map<String, Double> afterCached = answers();
        // a range ending one millisecond later each time is a different query: ClickHouse answers every one
        LoadDriver.Result clickhouse = driver.run("ClickHouse-backed (cache misses)", 2_000, CLIENTS,
                i -> summary(base, tokens.get(i % USERS), i % METRICS, from, to - 1 - i), 200);
        Map<String, Double> afterClickHouse = answers();

        LoadDriver.report("query.md", "Summary queries under load", List.of(
                "Machine: 2 cores, the service, ClickHouse 18.16, Redis and the load driver on the same host.",
                String.format("Stored: %,d events for %d users x %d metrics over 7 days; each summary covers one user's metric over 7 days in 1h buckets (168 buckets, about %,d events).",
                        stored, USERS, METRICS, STORED / USERS / METRICS),
                "",
                LoadDriver.HEADER,
                warm.row(),
                cached.row(),
                clickhouse.row(),
                "",
                "Answers by where they came from (netra_query_answers_total), so each scenario is what its name says:",
                "",
                "- cache hits: " + difference(before, afterCached),
                "- ClickHouse-backed: " + difference(afterCached, afterClickHouse)));
    }

    private Map<String, Double> answers() {
        Map<String, Double> counts = new TreeMap<>();
        registry.find("netra.query.answers").counters().forEach(c -> counts.put(c.getId().getTag("outcome"), c.count()));
        return counts;
    }

    private static String difference(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder text = new StringBuilder();
        after.forEach((outcome, count) -> text.append(outcome).append(' ')
                .append(String.format("%.0f", count - before.getOrDefault(outcome, 0.0))).append(", "));
        return text.substring(0, text.length() - 2);
    }

    private static HttpRequest summary(String base, String token, int metric, long from, long to) {
        return HttpRequest.newBuilder(LoadDriver.uri(base + "&metric=metric." + metric + "&from=" + from + "&to=" + to))
                .header("Authorization", "Bearer " + token).GET().build();
    }
}
