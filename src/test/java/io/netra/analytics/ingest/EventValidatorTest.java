package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.problem.Problem;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.support.TestConfig;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final EventValidator validator = new EventValidator(TestConfig.netra(
            "netra.ingest.max-events-per-request", "3", "netra.ingest.max-tags", "2", "netra.ingest.max-tag-value-length", "8"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private List<MetricEvent> valid(String body) throws Exception {
        return validator.validate(json.readTree(body), "alice");
    }

    private Problem problem(String body) throws Exception {
        var parsed = body == null ? null : json.readTree(body);
        return assertThrows(ProblemException.class, () -> validator.validate(parsed, "alice")).problem();
    }

    private List<FieldError> errors(String body) throws Exception {
        Problem problem = problem(body);
        assertEquals(400, problem.status());
        return problem.errors();
    }

    private String firstInvalidField(String body) throws Exception {
        return errors(body).get(0).field();
    }

    @Test
    void aMinimalEventGetsAnIdTheCallersUserAndNow() throws Exception {
        MetricEvent event = valid("{\"metric\":\"http.latency\",\"value\":12.5}").get(0);

        assertNotNull(event.eventId());
        assertEquals("alice", event.userId());
        assertEquals(12.5, event.value());
        assertEquals(NOW.toEpochMilli(), event.timestampMillis());
        assertEquals("", event.unit());
        assertEquals(NOW.toEpochMilli(), event.receivedAtMillis());
    }

    @Test
    void keepsEveryFieldGiven() throws Exception {
        UUID id = UUID.randomUUID();
        MetricEvent event = valid("""
                {"eventId":"%s","metric":"db:query-time","value":-3,"unit":"ms","userId":"bob",
                 "timestamp":"2026-11-27T11:59:59.123+01:00","tags":{"host":"h1","dc":"eu"}}""".formatted(id)).get(0);

        assertEquals(id, event.eventId());
        assertEquals("bob", event.userId(), "whether alice may write for bob is the resource's decision");
        assertEquals("db:query-time", event.metric().value());
        assertEquals(Instant.parse("2026-11-27T10:59:59.123Z").toEpochMilli(), event.timestampMillis());
        assertEquals(Map.of("host", "h1", "dc", "eu"), event.tags());
        assertEquals("ms", event.unit());
    }

    @Test
    void epochMillisAreAcceptedAsTimestamps() throws Exception {
        long millis = NOW.toEpochMilli() - 1234;
        assertEquals(millis, valid("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + millis + "}").get(0).timestampMillis());
    }

    @Test
    void reportsEveryProblemWithItsIndexAndField() throws Exception {
        List<FieldError> errors = errors("""
                [{"metric":"ok","value":1},
                 {"metric":"bad name","value":"7","eventId":"nope","unit":"m s","userId":""},
                 {"value":1,"timestamp":"yesterday","colour":"red","tags":[]}]""");

        assertTrue(errors.contains(new FieldError(1, "metric", "must be 1 to 255 characters of A-Z a-z 0-9 _ . : / -")));
        assertTrue(errors.contains(new FieldError(2, "metric", "is required")));
        for (String field : List.of("value", "eventId", "unit", "userId")) {
            assertTrue(errors.stream().anyMatch(e -> e.index() == 1 && field.equals(e.field())), field);
        }
        for (String field : List.of("timestamp", "colour", "tags")) {
            assertTrue(errors.stream().anyMatch(e -> e.index() == 2 && field.equals(e.field())), field);
        }
        assertFalse(errors.stream().anyMatch(e -> e.index() == 0));
    }

    @Test
    void aSingleEventsProblemsHaveNoIndex() throws Exception {
        FieldError error = errors("{\"metric\":\"m\"}").get(0);
        assertNull(error.index());
        assertEquals("value", error.field());
    }

    @Test
    void rejectsTimestampsBeyondTheSkewTooOldOrUnreadable() throws Exception {
        long future = NOW.plusSeconds(301).toEpochMilli();
        long old = NOW.minusSeconds(31L * 24 * 3600).toEpochMilli();
        assertEquals("timestamp", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + future + "}"));
        assertEquals("timestamp", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + old + "}"));
        assertEquals("timestamp", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"timestamp\":\"+999999999-12-31T00:00:00Z\"}"));
        assertEquals("timestamp", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"timestamp\":1.5}"));
        assertEquals("timestamp", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"timestamp\":123456789012345678901234567890}"));
        assertEquals(1, valid("{\"metric\":\"m\",\"value\":1,\"timestamp\":" + NOW.plusSeconds(299).toEpochMilli() + "}").size());
        assertEquals(NOW.toEpochMilli(), valid("{\"metric\":\"m\",\"value\":1,\"timestamp\":null}").get(0).timestampMillis());
    }

    @Test
    void boundsTags() throws Exception {
        assertEquals("tags", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"tags\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}"));
        assertEquals("tags.a", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"tags\":{\"a\":\"123456789\"}}"));
        assertEquals("tags.a", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"tags\":{\"a\":5}}"));
        assertEquals("tags.bad key", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"tags\":{\"bad key\":\"v\"}}"));
        assertEquals(Map.of(), valid("{\"metric\":\"m\",\"value\":1,\"tags\":null}").get(0).tags());
    }

    @Test
    void rejectsNonFiniteAndNonNumericValues() throws Exception {
        assertEquals("value", firstInvalidField("{\"metric\":\"m\",\"value\":1e999}"));
        assertEquals("value", firstInvalidField("{\"metric\":\"m\",\"value\":null}"));
        assertEquals("value", firstInvalidField("{\"metric\":\"m\",\"value\":true}"));
    }

    @Test
    void metricNamesAreBoundedAndRestricted() throws Exception {
        assertEquals(1, valid("{\"metric\":\"" + "a".repeat(255) + "\",\"value\":1}").size());
        assertEquals(1, valid("{\"metric\":\"http.server/duration:p95\",\"value\":1}").size(), "OpenTelemetry and Prometheus names");
        assertEquals("metric", firstInvalidField("{\"metric\":\"" + "a".repeat(256) + "\",\"value\":1}"));
        assertEquals("metric", firstInvalidField("{\"metric\":\"x'); DROP TABLE t; --\",\"value\":1}"));
        assertEquals("metric", firstInvalidField("{\"metric\":7,\"value\":1}"));
    }

    @Test
    void userIdsAreBounded() throws Exception {
        assertEquals("bob", valid("{\"metric\":\"m\",\"value\":1,\"userId\":\"bob\"}").get(0).userId());
        assertEquals("alice", valid("{\"metric\":\"m\",\"value\":1,\"userId\":null}").get(0).userId());
        assertEquals("userId", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"userId\":\"" + "u".repeat(129) + "\"}"));
        assertEquals("userId", firstInvalidField("{\"metric\":\"m\",\"value\":1,\"userId\":42}"));
    }

    @Test
    void tooManyEventsIsA413NotA400() throws Exception {
        assertEquals(413, problem("[{},{},{},{}]").status());
    }

    @Test
    void bodiesThatAreNotEventsAreRejected() throws Exception {
        for (String body : List.of("[]", "42", "\"text\"", "[1]", "null")) {
            assertFalse(errors(body).isEmpty(), body);
        }
        assertFalse(errors(null).isEmpty(), "an empty body");
    }
}
