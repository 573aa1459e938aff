package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.summary.Interval;
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
        assertEquals(Instant.parse("2026-11-27T12:01:00Z").toEpochMilli(), query.selection().range().toMillis());
        assertEquals(Instant.parse("2026-11-26T12:01:00Z").toEpochMilli(), query.selection().range().fromMillis());
        assertEquals(Interval.ONE_MINUTE, query.selection().interval());
        assertEquals("summary?metric=cpu&last=86400000&interval=1m", query.cacheKey());
    }

    @Test
    void aRangeEndingNowKeepsItsKeyWhileNowMovesSoRepeatedQuestionsShareOneCachedAnswer() {
        SummaryQuery first = at(NOW).summary("alice", "cpu", null, null, "1h");
        SummaryQuery later = at(NOW.plusSeconds(7200)).summary("alice", "cpu", null, null, "1h");
        assertEquals(first.cacheKey(), later.cacheKey());
        assertNotEquals(first.selection().range().toMillis(), later.selection().range().toMillis(), "while the instants it covers move on");

        RecentEventsQuery events = at(NOW).events("alice", null, "2026-11-27T11:00:00Z", null, null, null);
        assertEquals(Instant.parse("2026-11-27T12:00:01Z").toEpochMilli(), events.range().toMillis(), "events end at the next second");
        assertTrue(events.cacheKey().contains("from=" + Instant.parse("2026-11-27T11:00:00Z").toEpochMilli() + "&to=now"), events.cacheKey());
    }

    @Test
    void acceptsIsoAndEpochMillis() {
        SummaryQuery query = parameters.summary("alice", "cpu", "2026-11-27T10:00:00Z", String.valueOf(NOW.toEpochMilli()), "1h");
        assertEquals(Instant.parse("2026-11-27T10:00:00Z").toEpochMilli(), query.selection().range().fromMillis());
        assertEquals(NOW.toEpochMilli(), query.selection().range().toMillis(), "an explicit end is not rounded");
        assertEquals(Interval.ONE_HOUR, query.selection().interval());
        assertEquals("summary?metric=cpu&from=" + query.selection().range().fromMillis() + "&to=" + NOW.toEpochMilli() + "&interval=1h", query.cacheKey());
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
        assertEquals(Interval.ONE_DAY, parameters.summary("alice", "cpu", "2026-10-28T12:00:00Z", null, "1d").selection().interval());
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
        assertTrue(parameters.names("alice").metricsSql().endsWith("LIMIT 1001"));
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

    private SummaryQuery filtered(Map<String, List<String>> tags, List<String> groupBy, String limit) {
        return parameters.summary("alice", "cpu", "0", "60000", "1m", tags, groupBy, limit);
    }

    @Test
    void filtersAndGroupingAreInTheKeyNormalisedWhateverTheOrderTheyCameIn() {
        Map<String, List<String>> one = new LinkedHashMap<>();
        one.put("tag.host", List.of("b", "a"));
        one.put("tag.env!", List.of("dev"));
        Map<String, List<String>> same = new LinkedHashMap<>();
        same.put("tag.env!", List.of("dev"));
        same.put("tag.host", List.of("a", "b", "a"));

        SummaryQuery query = filtered(one, List.of("host,route"), "5");

        assertEquals(query.cacheKey(), filtered(same, List.of("host", "route"), "5").cacheKey());
        assertEquals("summary?metric=cpu&from=0&to=60000&interval=1m&tag.env!=dev&tag.host=a,b&groupBy=host,route&limit=5", query.cacheKey());
        assertNotEquals(query.cacheKey(), filtered(one, List.of("host,route"), "6").cacheKey());
        assertNotEquals(query.cacheKey(), filtered(Map.of("tag.host", List.of("a")), List.of("host,route"), "5").cacheKey());
        assertNotEquals(filtered(Map.of("tag.host", List.of("a,b")), List.of(), null).cacheKey(),
                filtered(Map.of("tag.host", List.of("a", "b")), List.of(), null).cacheKey(), "a value with a comma is one value");
        assertEquals(10, filtered(Map.of(), List.of("host"), null).selection().grouping().limit(), "netra.query.default-group-limit");
    }

    @Test
    void filtersAndGroupingHaveTheBoundsTagsHaveAtIngest() {
        String longKey = "k".repeat(256);
        assertEquals(List.of("tag." + longKey), invalidFields(() -> filtered(Map.of("tag." + longKey, List.of("v")), List.of(), null)));
        assertEquals(List.of("tag.host"), invalidFields(() -> filtered(Map.of("tag.host", List.of("v".repeat(4097))), List.of(), null)),
                "values as long as an OTLP attribute may be (netra.otlp.max-attribute-value-length), no longer");
        Map<String, List<String>> many = new TreeMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("tag.k" + i, List.of("v"));
        }
        assertEquals(List.of("tag."), invalidFields(() -> filtered(many, List.of(), null)), "netra.query.max-tag-filters");
        assertEquals(List.of("groupBy"), invalidFields(() -> filtered(Map.of(), List.of("a,b,c"), null)));
        assertEquals(List.of("limit"), invalidFields(() -> filtered(Map.of(), List.of("a"), "0")));
        assertEquals(List.of("limit"), invalidFields(() -> filtered(Map.of(), List.of("a"), "101")));
    }
}
