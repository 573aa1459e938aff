package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.cache.CacheConfig;
import io.netra.analytics.cache.QueryCache;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The original bug: a fallback that lost the user id. Here it cannot be reached without one, and never 500s. */
class StaleFallbackTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ObjectMapper json = new ObjectMapper();

    private static final CacheConfig CACHE = new CacheConfig() {
        public Duration freshTtl() { return Duration.ofSeconds(10); }
        public Duration staleTtl() { return Duration.ofHours(6); }
        public String keyPrefix() { return "netra:cache:"; }
    };

    /** A cache held in a map, keyed exactly like the Redis one. */
    private static final class MapCache extends QueryCache {
        final Map<String, Entry> entries = new HashMap<>();
        boolean redisDown;

        MapCache() {
            super(null, CACHE, new ObjectMapper());
        }

        @Override
        public Uni<Optional<Entry>> get(AnalyticsQuery query) {
            return redisDown ? Uni.createFrom().failure(new IllegalStateException("Connection refused"))
                    : Uni.createFrom().item(Optional.ofNullable(entries.get(key(query))));
        }
    }

    private final MapCache cache = new MapCache();
    private final ClickHouseAnalytics analytics = new ClickHouseAnalytics(null, cache, null, new TestQueryConfig(), json);

    private QueryCache.Entry entryFor(String user) {
        return new QueryCache.Entry(json.createObjectNode().put("userId", user), Instant.parse("2026-11-27T00:00:00Z"));
    }

    @Test
    void servesTheStaleEntryOfTheSameUserFlaggedStale() {
        cache.entries.put(cache.key(new MetricNamesQuery("alice")), entryFor("alice"));

        AnalyticsAnswer answer = analytics.staleAnswer(new MetricNamesQuery("alice")).await().atMost(WAIT);

        assertEquals("alice", answer.data().get("userId").asText());
        assertEquals(AnalyticsAnswer.CACHE, answer.source());
        assertTrue(answer.stale());
    }

    @Test
    void anotherUsersEntryIsNeverServed() {
        cache.entries.put(cache.key(new MetricNamesQuery("bob")), entryFor("bob"));

        ProblemException unavailable = assertInstanceOf(ProblemException.class,
                assertThrows(Exception.class, () -> analytics.staleAnswer(new MetricNamesQuery("alice")).await().atMost(WAIT)));

        assertEquals(503, unavailable.problem().status());
    }

    @Test
    void noEntryIsA503WithRetryAfter() {
        ProblemException unavailable = assertInstanceOf(ProblemException.class,
                assertThrows(Exception.class, () -> analytics.staleAnswer(new MetricNamesQuery("alice")).await().atMost(WAIT)));

        assertEquals(503, unavailable.problem().status());
        assertTrue(unavailable.retryAfter().isPresent());
    }

    @Test
    void redisFailingInsideTheFallbackIsA503NotA500() {
        cache.redisDown = true;

        ProblemException unavailable = assertInstanceOf(ProblemException.class,
                assertThrows(Exception.class, () -> analytics.staleAnswer(new MetricNamesQuery("alice")).await().atMost(WAIT)));

        assertEquals(503, unavailable.problem().status());
    }

    @Test
    void aQueryWithoutAUserCannotBeBuiltSoTheFallbackCannotBeReachedWithoutOne() {
        assertThrows(IllegalArgumentException.class, () -> new MetricNamesQuery(null));
        assertThrows(IllegalArgumentException.class, () -> new MetricNamesQuery(" "));
        assertThrows(IllegalArgumentException.class,
                () -> new SummaryQuery(null, "cpu", 0, 60_000, Interval.ONE_MINUTE));
        assertThrows(IllegalArgumentException.class,
                () -> new RecentEventsQuery("", Optional.empty(), 0, 60_000, 10, Optional.empty()));
    }

    @Test
    void anAnonymousRequestIsUnauthorizedBeforeAnyQueryExists() {
        CallerIdentity anonymous = new CallerIdentity(QuarkusSecurityIdentity.builder().setAnonymous(true).build());

        assertThrows(UnauthorizedException.class, anonymous::caller);
    }
}
