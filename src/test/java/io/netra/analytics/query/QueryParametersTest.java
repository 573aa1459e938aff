package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.support.TestConfig;

class QueryParametersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.250Z");
    private final QueryParameters parameters = at(NOW);

    private static QueryParameters at(Instant now) {
        return new QueryParameters(TestConfig.netra(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static List<String> invalidFields(Runnable parse) {
        ProblemException problem = assertThrows(ProblemException.class, parse::run);
        assertEquals(400, problem.problem().status());
        return problem.problem().errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaultsToTheLastDayInOneMinuteBucketsEndingAtTheNextBucketBoundary() {
        SummaryQuery query = parameters.summary("alice", "cpu", null, null, null);
        assertEquals(Instant.parse("2026-11-27T12:01:00Z").toEpochMilli(), query.range().toMillis());
        assertEquals(Instant.parse("2026-11-26T12:01:00Z").toEpochMilli(), query.range().fromMillis());
        assertEquals(Interval.ONE_MINUTE, query.interval());
        assertEquals("summary?metric=cpu&last=86400000&interval=1m", query.cacheKey());
    }

    @Test
    void aRangeEndingNowKeepsItsKeyWhileNowMovesSoRepeatedQuestionsShareOneCachedAnswer() {
        SummaryQuery first = at(NOW).summary("alice", "cpu", null, null, "1h");
        SummaryQuery later = at(NOW.plusSeconds(7200)).summary("alice", "cpu", null, null, "1h");
        assertEquals(first.cacheKey(), later.cacheKey());
        assertNotEquals(first.range().toMillis(), later.range().toMillis(), "while the instants it covers move on");

        RecentEventsQuery events = at(NOW).events("alice", null, "2026-11-27T11:00:00Z", null, null, null);
        assertEquals(Instant.parse("2026-11-27T12:00:01Z").toEpochMilli(), events.range().toMillis(), "events end at the next second");
        assertTrue(events.cacheKey().contains("from=" + Instant.parse("2026-11-27T11:00:00Z").toEpochMilli() + "&to=now"), events.cacheKey());
    }

    @Test
    void acceptsIsoAndEpochMillis() {
        SummaryQuery query = parameters.summary("alice", "cpu", "2026-11-27T10:00:00Z", String.valueOf(NOW.toEpochMilli()), "1h");
        assertEquals(Instant.parse("2026-11-27T10:00:00Z").toEpochMilli(), query.range().fromMillis());
        assertEquals(NOW.toEpochMilli(), query.range().toMillis(), "an explicit end is not rounded");
        assertEquals(Interval.ONE_HOUR, query.interval());
        assertEquals("summary?metric=cpu&from=" + query.range().fromMillis() + "&to=" + NOW.toEpochMilli() + "&interval=1h", query.cacheKey());
    }

    @Test
    void namesEachInvalidParameter() {
        assertEquals(List.of("metric", "interval", "from"), invalidFields(() -> parameters.summary("alice", null, "yesterday", null, "7m")));
        assertEquals(List.of("metric"), invalidFields(() -> parameters.summary("alice", "x' OR 1=1", null, null, "1m")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "2026-11-27T13:00:00Z", "2026-11-27T12:00:00Z", "1m")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "2026-01-01T00:00:00Z", null, "1d")));
        assertEquals(List.of("limit", "cursor"), invalidFields(() -> parameters.events("alice", null, null, null, "0", "garbage!")));
        assertEquals(List.of("metric", "limit"), invalidFields(() -> parameters.events("alice", "no spaces", null, null, "1001", null)));
    }

    @Test
    void instantsThatOverflowOrLeaveClickHousesRangeAre400sNot500s() {
        assertEquals(List.of("to"), invalidFields(() -> parameters.summary("alice", "cpu", null, "+999999999-12-31T00:00:00Z", "1d")));
        assertEquals(List.of("to"), invalidFields(() -> parameters.summary("alice", "cpu", null, "99999999999999999999999", "1d")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "-999999999-01-01T00:00:00Z", null, "1d")));
        assertEquals(List.of("to"), invalidFields(() -> parameters.summary("alice", "cpu", "4294967295000", "4294967300000", "1m")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "1969-12-31T00:00:00Z", "1970-01-01T01:00:00Z", "1h")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "", null, "1h")));
    }

    @Test
    void boundsTheNumberOfBuckets() {
        // 31 days in 1-minute buckets is 44,640 buckets, beyond the 1,500 allowed
        assertTrue(invalidFields(() -> parameters.summary("alice", "cpu", "2026-10-28T12:00:00Z", null, "1m")).contains("interval"));
        assertEquals(Interval.ONE_DAY, parameters.summary("alice", "cpu", "2026-10-28T12:00:00Z", null, "1d").interval());
    }

    @Test
    void eventPagesDefaultTheirSizeAndCursorsRoundTrip() {
        EventCursor cursor = new EventCursor(1234L, UUID.randomUUID());
        RecentEventsQuery page = parameters.events("alice", "cpu", null, null, "10", cursor.encode());
        assertEquals(Optional.of(cursor), page.after());
        assertEquals(10, page.limit());
        assertEquals(100, parameters.events("alice", null, null, null, null, null).limit());
        assertEquals(Optional.empty(), EventCursor.decode("bm90LWEtY3Vyc29y"));
    }

    @Test
    void theNamesListIsBounded() {
        assertEquals(1000, parameters.names("alice").limit());
        assertTrue(parameters.names("alice").sql().endsWith("LIMIT 1001"));
    }

    @Test
    void usersNeverShareAKeyAndEveryParameterIsPartOfIt() {
        SummaryQuery base = parameters.summary("alice", "cpu", "0", "60000", "1m");
        assertNotEquals(base.cacheKey(), parameters.summary("alice", "mem", "0", "60000", "1m").cacheKey());
        assertNotEquals(base.cacheKey(), parameters.summary("alice", "cpu", "1", "60000", "1m").cacheKey());
        assertNotEquals(base.cacheKey(), parameters.summary("alice", "cpu", "0", "60001", "1m").cacheKey());
        assertNotEquals(base.cacheKey(), parameters.summary("alice", "cpu", "0", "60000", "5m").cacheKey());
        assertEquals("alice", base.userId());
    }
}
