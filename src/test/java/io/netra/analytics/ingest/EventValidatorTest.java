package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.identity.Caller;
import io.netra.analytics.problem.Problem.FieldError;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Caller ALICE = new Caller("alice", Set.of("user"));
    private static final Caller WRITER = new Caller("ingest-service", Set.of("metrics-writer"));
    private final ObjectMapper json = new ObjectMapper();
    private final EventValidator validator = new EventValidator(new TestIngestConfig(), Clock.fixed(NOW, ZoneOffset.UTC));

    private EventValidator.Result validate(String body, Caller caller) throws Exception {
        return validator.validate(json.readTree(body), caller);
    }

    @Test
    void aMinimalEventGetsAnIdTheCallersUserAndNow() throws Exception {
        EventValidator.Result result = validate("{\"metric\":\"http.latency\",\"value\":12.5}", ALICE);

        assertEquals(List.of(), result.errors());
        MetricEvent event = result.events().get(0);
        assertNotNull(event.eventId());
        assertEquals("alice", event.userId());
        assertEquals(12.5, event.value());
        assertEquals(NOW.toEpochMilli(), event.timestampMillis());
        assertEquals("", event.unit());
    }

    @Test
    void keepsEveryFieldGiven() throws Exception {
        UUID id = UUID.randomUUID();
        EventValidator.Result result = validate("""
                {"eventId":"%s","metric":"db:query-time","value":-3,"unit":"ms",
                 "timestamp":"2026-11-27T11:59:59.123+01:00","tags":{"host":"h1","dc":"eu"}}""".formatted(id), ALICE);

        MetricEvent event = result.events().get(0);
        assertEquals(id, event.eventId());
        assertEquals(Instant.parse("2026-11-27T10:59:59.123Z").toEpochMilli(), event.timestampMillis());
        assertEquals(Map.of("host", "h1", "dc", "eu"), event.tags());
        assertEquals("ms", event.unit());
    }

    @Test
    void epochMillisAreAcceptedAsTimestamps() throws Exception {
        long millis = NOW.toEpochMilli() - 1234;
        assertEquals(millis, validate("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + millis + "}", ALICE).events().get(0).timestampMillis());
    }

    @Test
    void reportsEveryProblemWithItsIndexAndField() throws Exception {
        EventValidator.Result result = validate("""
                [{"metric":"ok","value":1},
                 {"metric":"bad name","value":"7","eventId":"nope"},
                 {"value":1,"timestamp":"yesterday","colour":"red"}]""", ALICE);

        assertTrue(result.events().isEmpty(), "one bad event rejects the whole request");
        assertTrue(result.errors().contains(new FieldError(1, "metric", "must be 1 to 128 characters of A-Z a-z 0-9 _ . : -")));
        assertTrue(result.errors().contains(new FieldError(2, "metric", "is required")));
        assertTrue(result.errors().stream().anyMatch(e -> e.index() == 1 && e.field().equals("value")));
        assertTrue(result.errors().stream().anyMatch(e -> e.index() == 1 && e.field().equals("eventId")));
        assertTrue(result.errors().stream().anyMatch(e -> e.index() == 2 && e.field().equals("metric")));
        assertTrue(result.errors().stream().anyMatch(e -> e.index() == 2 && e.field().equals("timestamp")));
        assertTrue(result.errors().stream().anyMatch(e -> e.index() == 2 && e.field().equals("colour")));
        assertFalse(result.errors().stream().anyMatch(e -> e.index() == 0));
    }

    @Test
    void aSingleEventsProblemsHaveNoIndex() throws Exception {
        FieldError error = validate("{\"metric\":\"m\"}", ALICE).errors().get(0);
        assertNull(error.index());
        assertEquals("value", error.field());
    }

    @Test
    void rejectsTimestampsBeyondTheSkewAndTooOld() throws Exception {
        long future = NOW.plusSeconds(301).toEpochMilli();
        long old = NOW.minusSeconds(31L * 24 * 3600).toEpochMilli();
        assertEquals("timestamp", validate("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + future + "}", ALICE).errors().get(0).field());
        assertEquals("timestamp", validate("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + old + "}", ALICE).errors().get(0).field());
        assertEquals(List.of(), validate("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + NOW.plusSeconds(299).toEpochMilli() + "}", ALICE).errors());
    }

    @Test
    void boundsTags() throws Exception {
        assertEquals("tags", validate("{\"metric\":\"m\",\"value\":1,\"tags\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}", ALICE).errors().get(0).field());
        assertEquals("tags.a", validate("{\"metric\":\"m\",\"value\":1,\"tags\":{\"a\":\"123456789\"}}", ALICE).errors().get(0).field());
        assertEquals("tags.a", validate("{\"metric\":\"m\",\"value\":1,\"tags\":{\"a\":5}}", ALICE).errors().get(0).field());
        assertEquals("tags.bad key", validate("{\"metric\":\"m\",\"value\":1,\"tags\":{\"bad key\":\"v\"}}", ALICE).errors().get(0).field());
    }

    @Test
    void rejectsNonFiniteAndNonNumericValues() throws Exception {
        assertEquals("value", validate("{\"metric\":\"m\",\"value\":1e999}", ALICE).errors().get(0).field());
        assertEquals("value", validate("{\"metric\":\"m\",\"value\":null}", ALICE).errors().get(0).field());
        assertEquals("value", validate("{\"metric\":\"m\",\"value\":true}", ALICE).errors().get(0).field());
    }

    @Test
    void metricNamesAreBoundedAndRestricted() throws Exception {
        assertEquals(List.of(), validate("{\"metric\":\"" + "a".repeat(128) + "\",\"value\":1}", ALICE).errors());
        assertEquals("metric", validate("{\"metric\":\"" + "a".repeat(129) + "\",\"value\":1}", ALICE).errors().get(0).field());
        assertEquals("metric", validate("{\"metric\":\"x'); DROP TABLE t; --\",\"value\":1}", ALICE).errors().get(0).field());
    }

    @Test
    void anotherUsersIdNeedsTheWriterRole() throws Exception {
        assertTrue(validate("{\"metric\":\"m\",\"value\":1,\"userId\":\"bob\"}", ALICE).foreignUser());
        assertFalse(validate("{\"metric\":\"m\",\"value\":1,\"userId\":\"alice\"}", ALICE).foreignUser());
        EventValidator.Result byWriter = validate("{\"metric\":\"m\",\"value\":1,\"userId\":\"bob\"}", WRITER);
        assertFalse(byWriter.foreignUser());
        assertEquals("bob", byWriter.events().get(0).userId());
    }

    @Test
    void tooManyEventsIsSaidApartFromInvalidOnes() throws Exception {
        assertTrue(validate("[{},{},{},{}]", ALICE).tooMany());
    }

    @Test
    void bodiesThatAreNotEventsAreRejected() throws Exception {
        for (String body : List.of("[]", "42", "\"text\"", "[1]", "null")) {
            JsonNode node = json.readTree(body);
            assertFalse(validator.validate(node, ALICE).errors().isEmpty(), body);
        }
    }
}
