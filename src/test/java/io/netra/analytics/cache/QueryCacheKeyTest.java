package io.netra.analytics.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.query.Interval;
import io.netra.analytics.query.MetricNamesQuery;
import io.netra.analytics.query.SummaryQuery;

class QueryCacheKeyTest {

    private final QueryCache cache = new QueryCache(null, new CacheConfig() {
        public Duration freshTtl() { return Duration.ofSeconds(10); }
        public Duration staleTtl() { return Duration.ofHours(6); }
        public String keyPrefix() { return "netra:cache:"; }
    }, new ObjectMapper());

    @Test
    void theSameQueryOfTheSameUserHasOneKey() {
        assertEquals(cache.key(new SummaryQuery("alice", "cpu", 0, 60_000, Interval.ONE_MINUTE)),
                cache.key(new SummaryQuery("alice", "cpu", 0, 60_000, Interval.ONE_MINUTE)));
        assertEquals("netra:cache:alice:summary?metric=cpu&from=0&to=60000&interval=1m",
                cache.key(new SummaryQuery("alice", "cpu", 0, 60_000, Interval.ONE_MINUTE)));
    }

    @Test
    void usersNeverShareAKey() {
        assertNotEquals(cache.key(new MetricNamesQuery("alice")), cache.key(new MetricNamesQuery("bob")));
        // a user id holding the separator cannot impersonate another user's key
        assertNotEquals(cache.key(new MetricNamesQuery("alice:names")), cache.key(new MetricNamesQuery("alice")));
        assertEquals("netra:cache:alice%3Anames:names", cache.key(new MetricNamesQuery("alice:names")));
    }

    @Test
    void everyParameterIsPartOfTheKey() {
        SummaryQuery base = new SummaryQuery("alice", "cpu", 0, 60_000, Interval.ONE_MINUTE);
        assertNotEquals(cache.key(base), cache.key(new SummaryQuery("alice", "mem", 0, 60_000, Interval.ONE_MINUTE)));
        assertNotEquals(cache.key(base), cache.key(new SummaryQuery("alice", "cpu", 1, 60_000, Interval.ONE_MINUTE)));
        assertNotEquals(cache.key(base), cache.key(new SummaryQuery("alice", "cpu", 0, 60_001, Interval.ONE_MINUTE)));
        assertNotEquals(cache.key(base), cache.key(new SummaryQuery("alice", "cpu", 0, 60_000, Interval.FIVE_MINUTES)));
    }
}
