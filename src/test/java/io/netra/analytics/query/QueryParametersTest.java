package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netra.analytics.identity.Caller;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;

class QueryParametersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final QueryParameters parameters = new QueryParameters(new TestQueryConfig(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static List<String> invalidFields(Runnable parse) {
        ProblemException problem = assertInstanceOf(ProblemException.class, assertThrows(ProblemException.class, parse::run));
        assertEquals(400, problem.problem().status());
        return problem.problem().errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaultsToTheLastDayInOneMinuteBuckets() {
        SummaryQuery query = parameters.summary("alice", "cpu", null, null, null);
        assertEquals(NOW.toEpochMilli(), query.toMillis());
        assertEquals(NOW.minusSeconds(86_400).toEpochMilli(), query.fromMillis());
        assertEquals(Interval.ONE_MINUTE, query.interval());
    }

    @Test
    void acceptsIsoAndEpochMillis() {
        SummaryQuery query = parameters.summary("alice", "cpu", "2026-11-27T10:00:00Z", String.valueOf(NOW.toEpochMilli()), "1h");
        assertEquals(Instant.parse("2026-11-27T10:00:00Z").toEpochMilli(), query.fromMillis());
        assertEquals(Interval.ONE_HOUR, query.interval());
    }

    @Test
    void namesEachInvalidParameter() {
        assertEquals(List.of("metric", "from", "interval"), invalidFields(() -> parameters.summary("alice", null, "yesterday", null, "7m")));
        assertEquals(List.of("metric"), invalidFields(() -> parameters.summary("alice", "x' OR 1=1", null, null, "1m")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "2026-11-27T13:00:00Z", "2026-11-27T12:00:00Z", "1m")));
        assertEquals(List.of("from"), invalidFields(() -> parameters.summary("alice", "cpu", "2026-01-01T00:00:00Z", null, "1d")));
        assertEquals(List.of("limit", "cursor"), invalidFields(() -> parameters.events("alice", null, null, null, "0", "garbage!")));
    }

    @Test
    void boundsTheNumberOfBuckets() {
        // 31 days in 1-minute buckets is 44,640 buckets, beyond the 1,500 allowed
        assertTrue(invalidFields(() -> parameters.summary("alice", "cpu", "2026-10-28T12:00:00Z", null, "1m")).contains("interval"));
        assertEquals(Interval.ONE_DAY, parameters.summary("alice", "cpu", "2026-10-28T12:00:00Z", null, "1d").interval());
    }

    @Test
    void cursorsRoundTrip() {
        EventCursor cursor = new EventCursor(1234L, UUID.randomUUID());
        assertEquals(Optional.of(cursor), parameters.events("alice", null, null, null, "10", cursor.encode()).after());
    }

    @Test
    void onlyAnAdminReadsAnotherUser() {
        Caller alice = new Caller("alice", Set.of("user"));
        Caller admin = new Caller("root", Set.of("admin"));
        assertEquals("alice", QueryParameters.subject(alice, null));
        assertEquals("alice", QueryParameters.subject(alice, "alice"));
        assertEquals(403, assertThrows(ProblemException.class, () -> QueryParameters.subject(alice, "bob")).problem().status());
        assertEquals("bob", QueryParameters.subject(admin, "bob"));
    }
}
