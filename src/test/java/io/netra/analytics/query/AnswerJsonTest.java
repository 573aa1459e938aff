package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.netra.analytics.summary.MetricType;
import io.netra.analytics.summary.SummaryBucket;

/** Every answer's JSON starts with its provenance, so a cached answer can be re-stamped without parsing it. */
class AnswerJsonTest {

    private static final Instant AT = Instant.parse("2026-11-27T12:00:00Z");
    private final AnswerJson json = new AnswerJson(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void everyAnswerStartsWithWhereItCameFrom() {
        List<Answer> answers = List.of(
                new SummaryAnswer(Answer.CLICKHOUSE, false, AT, "alice", "cpu", MetricType.EVENT, "", AT, AT, "1m", List.of(),
                        List.of(new SummaryBucket(AT, 1, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, null, null, null, null, null)), List.of()),
                new MetricNamesAnswer(Answer.CLICKHOUSE, false, AT, "alice", List.of(new MetricNamesAnswer.Metric("cpu", MetricType.EVENT, "", 1, AT, List.of())), false),
                new EventsPage(Answer.CLICKHOUSE, false, AT, "alice",
                        List.of(new EventsPage.Event(UUID.randomUUID(), "cpu", 1, "ms", AT, Map.of("k", "v"))), null));

        for (Answer answer : answers) {
            byte[] computed = json.computed(answer);
            assertTrue(AnswerJson.isComputed(computed), text(computed));
            String rest = text(computed).substring(AnswerJson.COMPUTED.length);
            assertEquals("{\"source\":\"cache\",\"stale\":false," + rest, text(AnswerJson.fromCache(computed, false)));
            assertEquals("{\"source\":\"cache\",\"stale\":true," + rest, text(AnswerJson.fromCache(computed, true)));
        }
    }

    @Test
    void aBucketCarriesItsTypesFieldsOnlyAndItsNumbersAsGiven() {
        SummaryAnswer answer = new SummaryAnswer(Answer.CLICKHOUSE, false, AT, "alice", "cpu", MetricType.EVENT, "", AT, AT, "1m", List.of(),
                List.of(new SummaryBucket(AT, 3, new BigDecimal("559.5118181818182"), 100, new BigDecimal("1e-7"), 2.5, 2.5, 2.5,
                        null, null, null, null, null)), List.of());

        String bucket = text(json.computed(answer)).replaceAll(".*\"buckets\":\\[(.*)],\"series\".*", "$1");

        assertEquals("{\"start\":\"2026-11-27T12:00:00Z\",\"count\":3,\"avg\":559.5118181818182,\"min\":100,\"max\":1E-7,"
                + "\"p50\":2.5,\"p95\":2.5,\"p99\":2.5}", bucket, "no nulls for the fields of other types");
    }

    @Test
    void onlyTheJsonOfAComputedAnswerIsOne() {
        assertFalse(AnswerJson.isComputed("{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(AnswerJson.isComputed(AnswerJson.COMPUTED), "nothing after the provenance");
        assertFalse(AnswerJson.isComputed(new byte[0]));
        assertArrayEquals(AnswerJson.COMPUTED, "{\"source\":\"clickhouse\",\"stale\":false,".getBytes(StandardCharsets.US_ASCII));
    }
}
