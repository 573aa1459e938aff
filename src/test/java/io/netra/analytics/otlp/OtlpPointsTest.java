package io.netra.analytics.otlp;

import static io.netra.analytics.otlp.OtlpData.attribute;
import static io.netra.analytics.otlp.OtlpData.counter;
import static io.netra.analytics.otlp.OtlpData.doublePoint;
import static io.netra.analytics.otlp.OtlpData.export;
import static io.netra.analytics.otlp.OtlpData.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.support.TestConfig;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

/** What each point becomes, which points are refused and why, and ids that stay the same for the same point. */
class OtlpPointsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L + 123_456;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OtlpPoints points = new OtlpPoints(TestConfig.netra("netra.otlp.max-attributes", "3",
            "netra.otlp.max-attribute-value-length", "10"), Clock.fixed(NOW, ZoneOffset.UTC));
    private final Caller alice = new Caller("alice", Set.of(Roles.USER));
    private final Caller writer = new Caller("ingest-service", Set.of(Roles.METRICS_WRITER));

    private static JsonNode json(Row row) throws Exception {
        return JSON.readTree(row.utf8());
    }

    private OtlpPoints.Converted convert(ExportMetricsServiceRequest request) {
        return points.convert(request, alice);
    }

    @Test
    void aGaugeBecomesOneRowWithItsResourceScopeAttributesAndExactTimes() throws Exception {
        OtlpPoints.Converted converted = convert(export("checkout", List.of(attribute("host.name", "h1")),
                gauge("jvm.memory", doublePoint(12.5, NOW_NANOS, attribute("pool", "eden")))));

        assertEquals(0, converted.rejected());
        JsonNode row = json(converted.rows().get(0));
        assertTrue(converted.rows().get(0).isWellFormed(), "starts with point_id, as the replayer recognises it");
        assertEquals("alice", row.get("user_id").asText());
        assertEquals("jvm.memory", row.get("metric_name").asText());
        assertEquals("gauge", row.get("metric_type").asText());
        assertEquals("checkout", row.get("service_name").asText());
        assertEquals(List.of("host.name", "service.name"), List.of(row.get("resource_keys").get(0).asText(), row.get("resource_keys").get(1).asText()));
        assertEquals("io.test", row.get("scope_name").asText());
        assertEquals("pool", row.get("tag_keys").get(0).asText());
        assertEquals("eden", row.get("tag_values").get(0).asText());
        assertEquals(Long.toUnsignedString(NOW_NANOS), row.get("time_unix_nano").asText());
        assertEquals(12.5, row.get("value").asDouble());
        // a double: is_int and int_value stay at their columns' default, 0, and are left out of the row
        assertEquals(List.of(), fieldsOf(row, "is_int", "int_value"));
    }

    @Test
    void fieldsAtTheirColumnsDefaultAreLeftOutAndTheOthersKept() throws Exception {
        JsonNode plain = json(convert(export("s", List.of(), gauge("g", doublePoint(1, NOW_NANOS)))).rows().get(0));
        assertEquals(List.of(), fieldsOf(plain, "description", "metadata_keys", "metadata_values", "scope_keys", "scope_values",
                "tag_keys", "tag_values", "temporality", "monotonic", "flags", "exemplar_times",
                "exemplar_values", "exemplar_trace_ids", "exemplar_span_ids", "exemplar_attr_keys", "exemplar_attr_values"));

        Metric described = counter("requests", NumberDataPoint.newBuilder().setAsInt(3).setStartTimeUnixNano(NOW_NANOS - 1)
                .setTimeUnixNano(NOW_NANOS).setFlags(1).build()).toBuilder().setDescription("served").build();
        JsonNode full = json(convert(export("s", List.of(), described)).rows().get(0));
        assertEquals(List.of("description", "start_time_unix_nano", "temporality", "monotonic", "flags", "int_value", "is_int"),
                fieldsOf(full, "description", "start_time_unix_nano", "temporality", "monotonic", "flags", "int_value", "is_int"));
        assertEquals("served", full.get("description").asText());
    }

    /** Which of {@code names} the row holds, in the order asked. */
    private static List<String> fieldsOf(JsonNode row, String... names) {
        return Arrays.stream(names).filter(row::has).toList();
    }

    @Test
    void integersAreKeptExactlyBesideTheirDouble() throws Exception {
        long big = 9_007_199_254_740_993L; // 2^53 + 1: no double holds it
        JsonNode row = json(convert(export("s", List.of(), counter("requests", NumberDataPoint.newBuilder().setAsInt(big)
                .setTimeUnixNano(NOW_NANOS).build()))).rows().get(0));

        assertEquals(big, row.get("int_value").asLong());
        assertEquals(1, row.get("is_int").asInt());
        assertEquals(2, row.get("temporality").asInt());
        assertEquals(1, row.get("monotonic").asInt());
    }

    @Test
    void theSamePointSentAgainInAnyAttributeOrderHasTheSameIdAndSeries() throws Exception {
        Metric forwards = gauge("g", doublePoint(1, NOW_NANOS, attribute("a", "1"), attribute("b", "2")));
        Metric backwards = gauge("g", doublePoint(1, NOW_NANOS, attribute("b", "2"), attribute("a", "1")));
        Metric later = gauge("g", doublePoint(1, NOW_NANOS + 1, attribute("a", "1"), attribute("b", "2")));
        Metric otherSeries = gauge("g", doublePoint(1, NOW_NANOS, attribute("a", "1"), attribute("b", "3")));

        JsonNode first = json(convert(export("s", List.of(), forwards)).rows().get(0));
        JsonNode resent = json(convert(export("s", List.of(), backwards)).rows().get(0));
        JsonNode next = json(convert(export("s", List.of(), later)).rows().get(0));
        JsonNode other = json(convert(export("s", List.of(), otherSeries)).rows().get(0));

        assertEquals(first.get("point_id"), resent.get("point_id"));
        assertEquals(first.get("series_id"), next.get("series_id"), "the next point of the same series");
        assertNotEquals(first.get("point_id"), next.get("point_id"));
        assertNotEquals(first.get("series_id"), other.get("series_id"));
        assertNotEquals(first.get("point_id"), json(points.convert(export("s", List.of(), forwards), writer).rows().get(0)).get("point_id"),
                "another user's point is another point");
    }

    @Test
    void histogramsExponentialHistogramsAndSummariesKeepEveryField() throws Exception {
        Metric histogram = Metric.newBuilder().setName("latency").setUnit("ms").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setCount(6).setSum(42).setMin(1).setMax(20)
                        .addAllExplicitBounds(List.of(5.0, 10.0)).addAllBucketCounts(List.of(2L, 3L, 1L)))).build();
        Metric exponential = Metric.newBuilder().setName("size").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setCount(5).setScale(3).setZeroCount(1)
                        .setZeroThreshold(0.001).setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2).addAllBucketCounts(List.of(1L, 2L)))
                        .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(4).addBucketCounts(1)))).build();
        Metric summary = Metric.newBuilder().setName("gc").setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()
                .setTimeUnixNano(NOW_NANOS).setCount(10).setSum(5.5)
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(1.2)))).build();

        List<Row> rows = convert(export("s", List.of(), histogram, exponential, summary)).rows();

        JsonNode h = json(rows.get(0));
        assertEquals("histogram", h.get("metric_type").asText());
        assertEquals(6, h.get("count").asLong());
        assertEquals(42, h.get("sum").asDouble());
        assertEquals(1, h.get("min").asDouble());
        assertEquals("[2,3,1]", h.get("bucket_counts").toString());
        assertEquals("[5.0,10.0]", h.get("explicit_bounds").toString());
        assertEquals(1, h.get("temporality").asInt());
        JsonNode e = json(rows.get(1));
        assertEquals(3, e.get("scale").asInt());
        assertEquals(-2, e.get("positive_offset").asInt());
        assertEquals("[1,2]", e.get("positive_bucket_counts").toString());
        assertEquals(4, e.get("negative_offset").asInt());
        assertTrue(e.get("sum").isNull(), "a sum not sent is absent, not 0");
        JsonNode s = json(rows.get(2));
        assertEquals("summary", s.get("metric_type").asText());
        assertEquals("[0.99]", s.get("quantiles").toString());
        assertEquals("[1.2]", s.get("quantile_values").toString());
    }

    @Test
    void pointsThatCannotBeStoredAreCountedWithTheFirstReasonAndTheRestStored() {
        Metric unspecified = Metric.newBuilder().setName("c").setSum(Sum.newBuilder().addDataPoints(doublePoint(1, NOW_NANOS))).build();
        Metric badBuckets = Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setCount(1).addExplicitBounds(1).addBucketCounts(1))).build();

        OtlpPoints.Converted converted = convert(export("s", List.of(),
                unspecified,
                gauge("no-value", NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).build()),
                gauge("zero-time", doublePoint(1, 0)),
                gauge("too-old", doublePoint(1, NOW_NANOS - 31L * 24 * 3600 * 1_000_000_000L)),
                gauge("", doublePoint(1, NOW_NANOS)),
                badBuckets,
                gauge("nan", doublePoint(Double.NaN, NOW_NANOS)),
                gauge("fine", doublePoint(1, NOW_NANOS))));

        assertEquals(7, converted.rejected());
        assertEquals(1, converted.rows().size());
        assertTrue(converted.rejectionMessage().startsWith("7 data points rejected: metric c: the aggregation temporality is "
                + "AGGREGATION_TEMPORALITY_UNSPECIFIED"), converted.rejectionMessage());
    }

    @Test
    void eachReasonIsNamed() {
        assertEquals("metric g: a data point has no value", reason(gauge("g", NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).build())));
        assertEquals("metric g: a data point's time_unix_nano is 0", reason(gauge("g", doublePoint(1, 0))));
        assertTrue(reason(gauge("g", doublePoint(1, NOW_NANOS + 6L * 60 * 1_000_000_000L))).contains("outside the accepted window"));
        assertEquals("the metric name must be 1 to 255 characters of A-Z a-z 0-9 _ . : / -", reason(gauge("", doublePoint(1, NOW_NANOS))));
        assertTrue(reason(gauge("g", doublePoint(1, NOW_NANOS, attribute("k", "x".repeat(11))))).contains("longer than 10 characters"));
        assertTrue(reason(gauge("g", doublePoint(1, NOW_NANOS, attribute("a", "1"), attribute("b", "1"), attribute("c", "1"),
                attribute("d", "1")))).contains("more than 3 attributes"));
        assertEquals("metric h: a histogram's bucket counts do not add up to its count", reason(Metric.newBuilder().setName("h")
                .setHistogram(Histogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setCount(5).addExplicitBounds(1)
                                .addAllBucketCounts(List.of(1L, 1L)))).build()));
        assertEquals("metric e: an exponential histogram's buckets and zero count do not add up to its count", reason(Metric.newBuilder()
                .setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setCount(3).setZeroCount(1))).build()));
        assertEquals("metric q: a summary's quantile is outside 0..1 or its value is not a finite number", reason(Metric.newBuilder().setName("q")
                .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(1.5)))).build()));
    }

    private String reason(Metric metric) {
        String message = convert(export("s", List.of(), metric)).rejectionMessage();
        return message.substring(message.indexOf(": ") + 2);
    }

    @Test
    void aPointMarkedAsHavingNoRecordedValueIsStoredWithItsFlag() throws Exception {
        NumberDataPoint stale = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS)
                .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build();

        OtlpPoints.Converted converted = convert(export("s", List.of(), gauge("g", stale)));

        assertEquals(0, converted.rejected());
        assertEquals(1, json(converted.rows().get(0)).get("flags").asInt());
    }

    @Test
    void aWriterNamesTheUserWithTheResourceAttributeAndAnyoneElseMayNot() throws Exception {
        ExportMetricsServiceRequest forBob = export("s", List.of(attribute("enduser.id", "bob")), gauge("g", doublePoint(1, NOW_NANOS)));

        assertEquals("bob", json(points.convert(forBob, writer).rows().get(0)).get("user_id").asText());
        OtlpPoints.Converted refused = points.convert(forBob, alice);
        assertEquals(List.of(), refused.rows());
        assertEquals(1, refused.rejected());
        assertTrue(refused.rejectionMessage().contains("only a metrics-writer token may name another user (enduser.id)"));
        assertEquals("alice", json(points.convert(export("s", List.of(attribute("enduser.id", "alice")), gauge("g", doublePoint(1, NOW_NANOS))),
                alice).rows().get(0)).get("user_id").asText(), "naming oneself is allowed");
    }

    @Test
    void attributeValuesOfEveryKindAreStoredAsText() throws Exception {
        KeyValue array = KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setStringValue("a\"b")).addValues(AnyValue.newBuilder().setIntValue(7))
                .addValues(AnyValue.newBuilder().setBoolValue(true)))).build();
        KeyValue number = KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setDoubleValue(0.5)).build();
        OtlpPoints defaults = new OtlpPoints(TestConfig.netra(), Clock.fixed(NOW, ZoneOffset.UTC));
        JsonNode row = json(defaults.convert(export("s", List.of(), gauge("g", doublePoint(1, NOW_NANOS, array, number))), alice).rows().get(0));

        assertEquals("[\"a\\\"b\",7,true]", row.get("tag_values").get(0).asText());
        assertEquals("0.5", row.get("tag_values").get(1).asText());
    }
}
