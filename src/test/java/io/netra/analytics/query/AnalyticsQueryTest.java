package io.netra.analytics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.cache.AnswerCache;
import io.netra.analytics.cache.CacheEntry;
import io.netra.analytics.support.Api;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class AnalyticsQueryTest extends RealServersTest {

    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    AnswerCache cache;
    @Inject
    QueryParameters parameters;

    private final String user = "user-" + UUID.randomUUID();
    /** Two whole minutes, an hour ago, so both buckets are complete and inside the default range. */
    private final long minute = Instant.now().minusSeconds(3600).toEpochMilli() / 60_000 * 60_000;

    private ValidatableResponse get(String who, String path) {
        return given().auth().oauth2(Tokens.forUser(who)).get(path).then();
    }

    private String summaryPath() {
        return "/api/v1/metrics/summary?metric=latency&interval=1m&from=" + minute + "&to=" + (minute + 120_000);
    }

    private String summaryKey() {
        return parameters.summary(user, "latency", String.valueOf(minute), String.valueOf(minute + 120_000), "1m").cacheKey();
    }

    private double[] postValues(long bucketStart, int count, Random random) {
        double[] values = new double[count];
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values[i] = Math.round(random.nextDouble() * 100_000) / 100.0;
            events.add(Api.event(UUID.randomUUID().toString(), "latency", values[i], bucketStart + random.nextInt(60_000)));
        }
        Api.postEvents(user, "[" + String.join(",", events) + "]").statusCode(202);
        return values;
    }

    /** ClickHouse's quantileExact: the element at floor(level * n) of the sorted values. */
    private static double quantile(double[] values, double level) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(level * sorted.length))];
    }

    private void assertBucket(JsonPath body, int index, double[] values) {
        String bucket = "buckets[" + index + "].";
        assertEquals(values.length, body.getDouble(bucket + "count"));
        assertEquals(Arrays.stream(values).average().orElseThrow(), body.getDouble(bucket + "avg"), 1e-9);
        assertEquals(Arrays.stream(values).min().orElseThrow(), body.getDouble(bucket + "min"));
        assertEquals(Arrays.stream(values).max().orElseThrow(), body.getDouble(bucket + "max"));
        assertEquals(quantile(values, 0.5), body.getDouble(bucket + "p50"));
        assertEquals(quantile(values, 0.95), body.getDouble(bucket + "p95"));
        assertEquals(quantile(values, 0.99), body.getDouble(bucket + "p99"));
    }

    /** When ClickHouse computed the cached answer of this user to this question; null when none is cached. */
    private Instant cachedAt(String key) {
        return cache.get(user, key).await().atMost(WAIT).map(CacheEntry::computedAt).orElse(null);
    }

    /** Makes the cached answer older than the fresh TTL, as if it had been computed long ago. */
    private void ageCachedAnswer(String key) {
        CacheEntry cached = cache.get(user, key).await().atMost(WAIT).orElseThrow();
        String aged = new String(cached.json(), StandardCharsets.UTF_8)
                .replaceFirst("\"computedAt\":\"[^\"]+\"", "\"computedAt\":\"" + LONG_AGO + "\"");
        cache.put(key, new CacheEntry(user, LONG_AGO, aged.getBytes(StandardCharsets.UTF_8))).await().atMost(WAIT);
    }

    @Test
    void summaryMatchesStatisticsComputedHereAndCountsARedeliveredEventOnce() {
        Random random = new Random(42);
        double[] first = postValues(minute, 137, random);
        double[] second = postValues(minute + 60_000, 41, random);
        String duplicate = Api.event(UUID.randomUUID().toString(), "latency", 5.0, minute + 1);
        Api.postEvents(user, duplicate).statusCode(202);
        Api.postEvents(user, duplicate).statusCode(202);
        double[] firstWithDuplicate = Arrays.copyOf(first, first.length + 1);
        firstWithDuplicate[first.length] = 5.0;

        JsonPath body = get(user, summaryPath()).statusCode(200)
                .body("source", equalTo("clickhouse")).body("stale", equalTo(false)).body("computedAt", notNullValue())
                .body("userId", equalTo(user)).body("buckets.size()", equalTo(2))
                .extract().jsonPath().using(JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE));

        assertEquals(Instant.ofEpochMilli(minute).toString(), body.getString("buckets[0].start"));
        assertBucket(body, 0, firstWithDuplicate);
        assertBucket(body, 1, second);
    }

    @Test
    void aFreshCachedAnswerIsServedWithoutAskingClickHouse() {
        postValues(minute, 3, new Random(1));
        get(user, summaryPath()).statusCode(200).body("source", equalTo("clickhouse"));

        servers.stopClickHouse();

        get(user, summaryPath()).statusCode(200).body("source", equalTo("cache")).body("stale", equalTo(false))
                .body("buckets[0].count", equalTo(3));
    }

    @Test
    void withClickHouseDownTheStaleAnswerOfTheSameUserAndQueryIsServed() {
        postValues(minute, 5, new Random(2));
        get(user, summaryPath()).statusCode(200);
        ageCachedAnswer(summaryKey());

        servers.stopClickHouse();

        get(user, summaryPath()).statusCode(200)
                .body("source", equalTo("cache")).body("stale", equalTo(true))
                .body("userId", equalTo(user)).body("buckets[0].count", equalTo(5))
                .body("computedAt", equalTo(LONG_AGO.toString()));
        // another user asking the very same question has no answer of their own: never someone else's
        get(user + "-other", summaryPath()).statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        // a question this user never asked has no cached answer
        get(user, "/api/v1/metrics/summary?metric=other&interval=1m").statusCode(503);
    }

    @Test
    void questionsWithoutFromAndToShareOneCachedAnswerAndItsStaleFallback() {
        postValues(minute, 6, new Random(4));
        String path = "/api/v1/metrics/summary?metric=latency&interval=1h";
        String key = parameters.summary(user, "latency", null, null, "1h").cacheKey();

        get(user, path).statusCode(200).body("source", equalTo("clickhouse"));
        get(user, path).statusCode(200).body("source", equalTo("cache")).body("stale", equalTo(false));
        get(user, path).statusCode(200).body("source", equalTo("cache")).body("stale", equalTo(false));
        ageCachedAnswer(key);

        servers.stopClickHouse();

        get(user, path).statusCode(200).body("source", equalTo("cache")).body("stale", equalTo(true))
                .body("userId", equalTo(user)).body("buckets.collect { it.count }.sum()", equalTo(6));
    }

    @Test
    void withClickHouseHungTheStaleAnswerComesWithinTheBudgetAndTheCallStillRefreshesTheCache() {
        postValues(minute, 4, new Random(3));
        get(user, summaryPath()).statusCode(200);
        ageCachedAnswer(summaryKey());

        servers.hangClickHouse();
        // the query deadline (5 s in tests) has not passed: this answer came from the latency budget (300 ms)
        get(user, summaryPath()).statusCode(200).body("stale", equalTo(true)).body("buckets[0].count", equalTo(4));
        servers.resumeClickHouse();

        // the ClickHouse call the budget gave up waiting for finishes in the background and refreshes the cache
        Awaitility.await().atMost(RECOVERY).until(() -> LONG_AGO.isBefore(cachedAt(summaryKey())));
        get(user, summaryPath()).statusCode(200)
                .body("source", equalTo("cache")).body("stale", equalTo(false)).body("buckets[0].count", equalTo(4));
    }

    @Test
    void namesListEachMetricWithCountAndLastSeen() {
        long now = Instant.now().toEpochMilli();
        Api.postEvents(user, "[" + Api.event(UUID.randomUUID().toString(), "b.metric", 1, now - 5000) + ","
                + Api.event(UUID.randomUUID().toString(), "a.metric", 1, now - 4000) + ","
                + Api.event(UUID.randomUUID().toString(), "a.metric", 2, now - 3000) + "]").statusCode(202);

        get(user, "/api/v1/metrics/names").statusCode(200)
                .body("metrics.name", equalTo(List.of("a.metric", "b.metric")))
                .body("metrics.count", equalTo(List.of(2, 1)))
                .body("truncated", equalTo(false))
                .body("metrics[0].lastSeen", equalTo(Instant.ofEpochMilli(now - 3000).toString()));
    }

    @Test
    void eventsPageNewestFirstWithoutRepeatsOrGaps() {
        long start = Instant.now().minusSeconds(600).toEpochMilli();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs share a timestamp, so the id breaks ties across pages
            events.add(Api.event(UUID.randomUUID().toString(), "paged", i, start + (i / 2) * 1000L));
        }
        Api.postEvents(user, "[" + String.join(",", events) + "]").statusCode(202);

        Set<String> seen = new HashSet<>();
        List<Long> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = get(user, "/api/v1/metrics/events?metric=paged&limit=10" + (cursor == null ? "" : "&cursor=" + cursor))
                    .statusCode(200).extract().jsonPath();
            page.getList("events.eventId", String.class).forEach(id -> assertTrue(seen.add(id), "repeated " + id));
            page.getList("events.timestamp", String.class).forEach(t -> times.add(Instant.parse(t).toEpochMilli()));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertEquals(3, pages);
        assertEquals(25, seen.size());
        List<Long> newestFirst = new ArrayList<>(times);
        newestFirst.sort((a, b) -> Long.compare(b, a));
        assertEquals(newestFirst, times);
    }

    @Test
    void invalidParametersAreA400NamingTheParameter() {
        get(user, "/api/v1/metrics/summary?metric=cpu&interval=7m").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("interval"));
        get(user, "/api/v1/metrics/events?limit=abc").statusCode(400).contentType("application/problem+json");
        get(user, "/api/v1/metrics/summary?metric=cpu&to=%2B999999999-12-31T00:00:00Z").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("to"));
        get(user, "/api/v1/metrics/summary?metric=cpu&userId=someone-else").statusCode(403).contentType("application/problem+json");
    }
}
