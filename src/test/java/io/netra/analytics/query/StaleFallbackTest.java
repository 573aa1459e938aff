package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.netra.analytics.cache.AnswerCache;
import io.netra.analytics.cache.CacheEntry;
import io.netra.analytics.model.MetricName;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.summary.Grouping;
import io.netra.analytics.summary.Interval;
import io.netra.analytics.summary.MetricType;
import io.netra.analytics.summary.Selection;
import io.netra.analytics.summary.TagFilter;
import io.netra.analytics.summary.TimeRange;
import io.netra.analytics.support.TestConfig;
import io.smallrye.mutiny.Uni;

/** The original bug: a fallback that lost the user id. Here it cannot be reached without one, and never 500s. */
class StaleFallbackTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant COMPUTED = Instant.parse("2026-11-27T00:00:00Z");
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A cache held in a map, keyed by owner and query like the real one, that may fail like Redis down. */
    private static final class MapCache implements AnswerCache {
        final Map<String, CacheEntry> entries = new HashMap<>();
        boolean redisDown;

        @Override
        public Uni<Optional<CacheEntry>> get(String owner, String key) {
            return redisDown ? Uni.createFrom().failure(new IllegalStateException("Connection refused"))
                    : Uni.createFrom().item(Optional.ofNullable(entries.get(owner + ":" + key)));
        }

        @Override
        public Optional<CacheEntry> inMemory(String owner, String key) {
            return Optional.empty();
        }

        @Override
        public Uni<Void> put(String key, CacheEntry answer) {
            entries.put(answer.owner() + ":" + key, answer);
            return Uni.createFrom().voidItem();
        }
    }

    private final MapCache cache = new MapCache();
    private final AnswerJson answerJson = new AnswerJson(json);
    private final AnswerKeeper analytics = new AnswerKeeper(cache, answerJson, TestConfig.netra(), Clock.systemUTC());

    private static MetricNamesQuery names(String user) {
        return new MetricNamesQuery(user, 10, 0, 50, 20);
    }

    private void cacheAnswerOf(String user) {
        MetricNamesAnswer answer = new MetricNamesAnswer(Answer.CLICKHOUSE, false, COMPUTED, user,
                List.of(new MetricNamesAnswer.Metric("cpu", MetricType.EVENT, "", 3, COMPUTED, List.of())), false);
        cache.put(names(user).cacheKey(), new CacheEntry(user, COMPUTED, answerJson.computed(answer))).await().atMost(WAIT);
    }

    private ProblemException unavailable(String user) {
        return assertInstanceOf(ProblemException.class,
                assertThrows(Exception.class, () -> analytics.stale(names(user)).await().atMost(WAIT)));
    }

    @Test
    void servesTheStaleEntryOfTheSameUserFlaggedStale() throws Exception {
        cacheAnswerOf("alice");

        ServedAnswer served = analytics.stale(names("alice")).await().atMost(WAIT);
        JsonNode answer = json.readTree(served.json());

        assertEquals("alice", answer.get("userId").asText());
        assertEquals(Answer.CACHE, answer.get("source").asText());
        assertTrue(answer.get("stale").asBoolean());
        assertTrue(served.stale());
        assertEquals(COMPUTED.toString(), answer.get("computedAt").asText());
        assertEquals("cpu", answer.get("metrics").get(0).get("name").asText());
    }

    @Test
    void anotherUsersEntryIsNeverServed() {
        cacheAnswerOf("bob");

        assertEquals(503, unavailable("alice").problem().status());
    }

    @Test
    void aSummaryFallsBackToTheAnswerOfTheSameFiltersAndGroupingOnly() {
        TimeRange range = new TimeRange(0, 60_000, "from=0&to=60000");
        SummaryQuery checkout = new SummaryQuery(new Selection("alice", new MetricName("latency"), range, Interval.ONE_MINUTE,
                new TagFilter.Builder().equalTo("endpoint", "/checkout").build(), new Grouping(List.of("host"), 10)));
        SummaryQuery cart = new SummaryQuery(new Selection("alice", new MetricName("latency"), range, Interval.ONE_MINUTE,
                new TagFilter.Builder().equalTo("endpoint", "/cart").build(), new Grouping(List.of("host"), 10)));
        SummaryQuery ungrouped = new SummaryQuery(new Selection("alice", new MetricName("latency"), range, Interval.ONE_MINUTE,
                new TagFilter.Builder().equalTo("endpoint", "/checkout").build(), Grouping.NONE));
        SummaryAnswer answer = new SummaryAnswer(Answer.CLICKHOUSE, false, COMPUTED, "alice", "latency", MetricType.EVENT, "",
                Instant.ofEpochMilli(0), Instant.ofEpochMilli(60_000), "1m", List.of("host"), List.of(), List.of());
        cache.put(checkout.cacheKey(), new CacheEntry("alice", COMPUTED, answerJson.computed(answer))).await().atMost(WAIT);

        assertTrue(analytics.stale(checkout).await().atMost(WAIT).stale());
        for (SummaryQuery other : List.of(cart, ungrouped)) {
            ProblemException unanswered = assertInstanceOf(ProblemException.class,
                    assertThrows(Exception.class, () -> analytics.stale(other).await().atMost(WAIT)));
            assertEquals(503, unanswered.problem().status(), other.cacheKey());
        }
    }

    @Test
    void noEntryIsA503WithRetryAfter() {
        ProblemException unavailable = unavailable("alice");

        assertEquals(503, unavailable.problem().status());
        assertTrue(unavailable.retryAfter().isPresent());
    }

    @Test
    void redisFailingInsideTheFallbackIsA503NotA500() {
        cache.redisDown = true;

        assertEquals(503, unavailable("alice").problem().status());
    }

    @Test
    void anUnreadableEntryIsNoAnswerNotA500() {
        cache.entries.put("alice:" + names("alice").cacheKey(), new CacheEntry("alice", COMPUTED, "{not json".getBytes(StandardCharsets.UTF_8)));

        assertEquals(503, unavailable("alice").problem().status());
    }

    @Test
    void aQueryWithoutAUserCannotBeBuiltSoTheFallbackCannotBeReachedWithoutOne() {
        TimeRange range = new TimeRange(0, 60_000, "from=0&to=60000");
        MetricName cpu = new MetricName("cpu");
        assertThrows(IllegalArgumentException.class, () -> new MetricNamesQuery(null, 10, 0, 50, 20));
        assertThrows(IllegalArgumentException.class, () -> new MetricNamesQuery(" ", 10, 0, 50, 20));
        assertThrows(IllegalArgumentException.class,
                () -> new SummaryQuery(new Selection(null, cpu, range, Interval.ONE_MINUTE, TagFilter.NONE, Grouping.NONE)));
        assertThrows(IllegalArgumentException.class,
                () -> new RecentEventsQuery("", Optional.empty(), range, 10, Optional.empty()));
    }
}
