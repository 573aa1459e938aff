package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netra.analytics.cache.AnswerCache;
import io.netra.analytics.cache.CacheEntry;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.summary.MetricType;
import io.netra.analytics.support.TestConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/** When an asker waits for ClickHouse and when not, with a ClickHouse that never answers and a budget of an hour. */
class AnalyticsServiceTest {

    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    private static final MetricNamesQuery QUESTION = new MetricNamesQuery("alice", 10, 0, 50, 20);

    private final NetraConfig config = TestConfig.netra("netra.query.latency-budget", "1h");
    private final AnswerJson answerJson = new AnswerJson(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ClickHouseState clickHouseState = ClickHouseState.UP;
    private boolean clickHouseEnabled = true;
    private int clickHouseCalls;
    private int redisReads;
    private Optional<CacheEntry> inMemory = Optional.empty();

    private AnalyticsService service(Optional<CacheEntry> cachedEntry) {
        AnswerCache cache = new AnswerCache() {
            @Override
            public Uni<Optional<CacheEntry>> get(String owner, String key) {
                redisReads++;
                return Uni.createFrom().item(cachedEntry.filter(entry -> entry.owner().equals(owner)));
            }

            @Override
            public Optional<CacheEntry> inMemory(String owner, String key) {
                return inMemory.filter(entry -> entry.owner().equals(owner));
            }

            @Override
            public Uni<Void> put(String key, CacheEntry answer) {
                return Uni.createFrom().voidItem();
            }
        };
        AnswerSource hungClickHouse = query -> {
            clickHouseCalls++;
            return Uni.createFrom().nothing();
        };
        return new AnalyticsService(new AnswerKeeper(cache, answerJson, config, Clock.systemUTC()), hungClickHouse, registry,
                () -> clickHouseEnabled, () -> clickHouseState, config, Clock.systemUTC());
    }

    private Optional<CacheEntry> oldAnswerOf(String user) {
        return answerOf(user, LONG_AGO);
    }

    private Optional<CacheEntry> answerOf(String user, Instant computedAt) {
        MetricNamesAnswer answer = new MetricNamesAnswer(Answer.CLICKHOUSE, false, computedAt, user,
                List.of(new MetricNamesAnswer.Metric("cpu", MetricType.EVENT, "", 3, computedAt, List.of())), false);
        return Optional.of(new CacheEntry(user, computedAt, answerJson.computed(answer)));
    }

    private double counted(String outcome) {
        return registry.get("netra.query.answers").tag("outcome", outcome).counter().count();
    }

    private UniAssertSubscriber<ServedAnswer> ask(AnalyticsService service) {
        return service.answer(QUESTION).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void whileClickHouseIsUpAnAskerWithAnOldAnswerWaitsForClickHouseWithinTheBudget() {
        UniAssertSubscriber<ServedAnswer> asker = ask(service(oldAnswerOf("alice")));

        asker.assertNotTerminated();
        assertEquals(1, clickHouseCalls);
    }

    @Test
    void whileClickHouseIsKnownToFailTheOldAnswerIsServedAtOnceAndClickHouseIsStillAskedToRefreshIt() {
        for (ClickHouseState failing : List.of(ClickHouseState.TIMEOUT, ClickHouseState.UNREACHABLE, ClickHouseState.FAILING)) {
            clickHouseState = failing;
            clickHouseCalls = 0;

            ServedAnswer served = ask(service(oldAnswerOf("alice"))).assertCompleted().getItem();

            assertTrue(served.stale(), failing.label());
            assertEquals(Answer.CACHE, served.source());
            assertEquals(1, clickHouseCalls, "the refresh still runs in the background while " + failing.label());
        }
    }

    @Test
    void aFreshAnswerHeldInMemoryIsServedAtOnceWithoutRedisOrClickHouse() {
        inMemory = answerOf("alice", Instant.now());

        ServedAnswer served = ask(service(Optional.empty())).assertCompleted().getItem();

        assertEquals(Answer.CACHE, served.source());
        assertFalse(served.stale());
        assertEquals(0, redisReads);
        assertEquals(0, clickHouseCalls);
        assertEquals(1.0, registry.get("netra.query.answers").tag("outcome", Answer.CACHE).counter().count());
    }

    @Test
    void anAnswerInMemoryThatIsNoLongerFreshOrAnotherUsersIsNotServedFromMemory() {
        inMemory = oldAnswerOf("alice");
        ask(service(Optional.empty())).assertNotTerminated();
        assertEquals(1, redisReads, "an old answer in memory sends the asker the usual way");

        inMemory = answerOf("bob", Instant.now());
        ask(service(Optional.empty())).assertNotTerminated();
        assertEquals(2, redisReads, "another user's answer is never served");
    }

    @Test
    void withClickHouseSwitchedOffNothingIsServedFromMemoryAsFresh() {
        inMemory = answerOf("alice", Instant.now());
        clickHouseEnabled = false;

        ServedAnswer served = ask(service(oldAnswerOf("alice"))).assertCompleted().getItem();

        assertTrue(served.stale(), "in emergency mode every answer is served stale");
        assertEquals(0, clickHouseCalls);
    }

    @Test
    void aFreshAnswerInRedisIsServedAsIsWithoutClickHouse() {
        ServedAnswer served = ask(service(answerOf("alice", Instant.now()))).assertCompleted().getItem();

        assertFalse(served.stale());
        assertEquals(Answer.CACHE, served.source());
        assertEquals(0, clickHouseCalls);
    }

    @Test
    void anEntryInMemoryThatIsNotAnAnswerOfThisReleaseIsNotServed() {
        inMemory = Optional.of(new CacheEntry("alice", Instant.now(), "{\"source\":\"something else\"}".getBytes(StandardCharsets.UTF_8)));

        ask(service(Optional.empty())).assertNotTerminated();
        assertEquals(1, clickHouseCalls);
    }

    @Test
    void withoutAnOldAnswerOfThisUserTheAskerWaitsForClickHouseEvenWhileItFails() {
        clickHouseState = ClickHouseState.TIMEOUT;

        ask(service(oldAnswerOf("bob"))).assertNotTerminated();
    }

    @Test
    void eachAnswerIsCountedOnceUnderWhereItCameFromAndAStaleOneAsStale() {
        ask(service(answerOf("alice", Instant.now()))).assertCompleted();
        assertEquals(1.0, counted(Answer.CACHE), "a fresh answer from Redis");

        clickHouseState = ClickHouseState.TIMEOUT;
        ask(service(oldAnswerOf("alice"))).assertCompleted();
        assertEquals(1.0, counted("stale"), "an old answer served while ClickHouse fails");
        assertEquals(1.0, counted(Answer.CACHE), "a stale answer is not also counted as a cached one");

        clickHouseEnabled = false;
        ask(service(Optional.empty())).assertFailedWith(ProblemException.class);
        assertEquals(1.0, counted("unavailable"), "no answer at all");
        assertEquals(1.0, counted("stale"));
        assertEquals(0.0, counted(Answer.CLICKHOUSE));
    }
}
