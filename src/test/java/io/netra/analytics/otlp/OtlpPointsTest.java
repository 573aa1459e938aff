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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.schema.SchemaState;
import io.netra.analytics.support.TestConfig;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
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

    private final SeriesLog seriesLog = new SeriesLog(TestConfig.netra(), new SchemaState(), () -> ClickHouseState.UP);
    private final OtlpPoints points = new OtlpPoints(TestConfig.netra("netra.otlp.max-attributes", "3",
            "netra.otlp.max-attribute-value-length", "10"), seriesLog, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Caller alice = new Caller("alice", Set.of(Roles.USER));
    private final Caller writer = new Caller("ingest-service", Set.of(Roles.METRICS_WRITER));

    private static JsonNode json(Row row) throws Exception {
        return JSON.readTree(row.utf8());
    }

    private OtlpPoints.Converted convert(ExportMetricsServiceRequest request) {
        return points.convert(request, alice);
    }

    /** The rows of {@code table}, in the order made. */
    private static List<JsonNode> rows(OtlpPoints.Converted converted, RowTable table) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (Row row : converted.rows()) {
            if (row.table() == table) {
                rows.add(json(row));
            }
        }
        return rows;
    }

    @Test
    void aGaugeBecomesAPointRowAndASeriesRowWithItsResourceScopeAttributes() throws Exception {
        OtlpPoints.Converted converted = convert(export("checkout", List.of(attribute("host.name", "h1")),
                gauge("jvm.memory", doublePoint(12.5, NOW_NANOS, attribute("pool", "eden")))));

        assertEquals(0, converted.rejected());
        assertEquals(List.of(RowTable.OTEL_GAUGE, RowTable.OTEL_SERIES), converted.rows().stream().map(Row::table).toList());
        assertTrue(converted.rows().stream().allMatch(Row::isWellFormed), "each starts with its table's first field, as the replayer recognises it");
        JsonNode row = rows(converted, RowTable.OTEL_GAUGE).get(0);
        assertEquals("alice", row.get("user_id").asText());
        assertEquals("jvm.memory", row.get("metric_name").asText());
        assertEquals(Long.toUnsignedString(NOW_NANOS), row.get("time_unix_nano").asText());
        assertEquals(NOW.getEpochSecond(), row.get("event_time").asLong());
        assertEquals(12.5, row.get("value").asDouble());
        // a double: is_int and int_value stay at their columns' default, 0, and are left out of the row
        assertEquals(List.of(), fieldsOf(row, "is_int", "int_value", "tag_keys", "resource_keys", "metric_type"));

        JsonNode series = rows(converted, RowTable.OTEL_SERIES).get(0);
        assertEquals(row.get("series_id"), series.get("series_id"));
        assertEquals("alice", series.get("user_id").asText());
        assertEquals("jvm.memory", series.get("metric_name").asText());
        assertEquals("gauge", series.get("metric_type").asText());
        assertEquals("checkout", series.get("service_name").asText());
        assertEquals(List.of("host.name", "service.name"), List.of(series.get("resource_keys").get(0).asText(), series.get("resource_keys").get(1).asText()));
        assertEquals("io.test", series.get("scope_name").asText());
        assertEquals("pool", series.get("tag_keys").get(0).asText());
        assertEquals("eden", series.get("tag_values").get(0).asText());
        assertEquals(NOW.getEpochSecond() / 3600 * 3600, series.get("event_time").asLong(), "the start of the point's hour");
        assertEquals(Set.of(new SeriesLog.SeriesHour(row.get("series_id").asLong(), NOW.getEpochSecond() / 3600 * 3600)), converted.newSeries());
    }

    @Test
    void fieldsAtTheirColumnsDefaultAreLeftOutAndTheOthersKept() throws Exception {
        OtlpPoints.Converted plain = convert(export("s", List.of(), gauge("g", doublePoint(1, NOW_NANOS))));
        assertEquals(List.of(), fieldsOf(rows(plain, RowTable.OTEL_GAUGE).get(0), "temporality", "flags"));
        assertEquals(List.of(), fieldsOf(rows(plain, RowTable.OTEL_SERIES).get(0), "description", "metadata_keys", "metadata_values",
                "scope_keys", "scope_values", "tag_keys", "tag_values", "temporality", "monotonic"));
        assertEquals(List.of(), rows(plain, RowTable.OTEL_EXEMPLARS), "no exemplars, no row of them");

        Metric described = counter("requests", NumberDataPoint.newBuilder().setAsInt(3).setStartTimeUnixNano(NOW_NANOS - 1)
                .setTimeUnixNano(NOW_NANOS).setFlags(1).build()).toBuilder().setDescription("served").build();
        OtlpPoints.Converted full = convert(export("s", List.of(), described));
        assertEquals(List.of("start_time_unix_nano", "temporality", "flags", "int_value", "is_int"),
                fieldsOf(rows(full, RowTable.OTEL_SUM).get(0), "start_time_unix_nano", "temporality", "flags", "int_value", "is_int"));
        JsonNode series = rows(full, RowTable.OTEL_SERIES).get(0);
        assertEquals(List.of("description", "temporality", "monotonic"), fieldsOf(series, "description", "temporality", "monotonic"));
        assertEquals("served", series.get("description").asText());
    }

    /** Which of {@code names} the row holds, in the order asked. */
    private static List<String> fieldsOf(JsonNode row, String... names) {
        return Arrays.stream(names).filter(row::has).toList();
    }

    @Test
    void integersAreKeptExactlyBesideTheirDouble() throws Exception {
        long big = 9_007_199_254_740_993L; // 2^53 + 1: no double holds it
        OtlpPoints.Converted converted = convert(export("s", List.of(), counter("requests", NumberDataPoint.newBuilder().setAsInt(big)
                .setTimeUnixNano(NOW_NANOS).build())));
        JsonNode row = rows(converted, RowTable.OTEL_SUM).get(0);

        assertEquals(big, row.get("int_value").asLong());
        assertEquals(1, row.get("is_int").asInt());
        assertEquals(2, row.get("temporality").asInt());
        assertEquals(1, rows(converted, RowTable.OTEL_SERIES).get(0).get("monotonic").asInt());
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

        OtlpPoints.Converted converted = convert(export("s", List.of(), histogram, exponential, summary));

        assertEquals(List.of("histogram", "exponential_histogram", "summary"),
                rows(converted, RowTable.OTEL_SERIES).stream().map(series -> series.get("metric_type").asText()).toList());
        JsonNode h = rows(converted, RowTable.OTEL_HISTOGRAM).get(0);
        assertEquals(6, h.get("count").asLong());
        assertEquals(42, h.get("sum").asDouble());
        assertEquals(1, h.get("min").asDouble());
        assertEquals("[2,3,1]", h.get("bucket_counts").toString());
        assertEquals("[5.0,10.0]", h.get("explicit_bounds").toString());
        assertEquals(1, h.get("temporality").asInt());
        JsonNode e = rows(converted, RowTable.OTEL_EXPONENTIAL_HISTOGRAM).get(0);
        assertEquals(3, e.get("scale").asInt());
        assertEquals(-2, e.get("positive_offset").asInt());
        assertEquals("[1,2]", e.get("positive_bucket_counts").toString());
        assertEquals(4, e.get("negative_offset").asInt());
        assertTrue(e.get("sum").isNull(), "a sum not sent is absent, not 0");
        JsonNode s = rows(converted, RowTable.OTEL_SUMMARY).get(0);
        assertEquals(5.5, s.get("sum").asDouble());
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
        assertEquals(List.of(RowTable.OTEL_GAUGE, RowTable.OTEL_SERIES), converted.rows().stream().map(Row::table).toList());
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
        OtlpPoints defaults = new OtlpPoints(TestConfig.netra(), seriesLog, Clock.fixed(NOW, ZoneOffset.UTC));
        JsonNode row = rows(defaults.convert(export("s", List.of(), gauge("g", doublePoint(1, NOW_NANOS, array, number))), alice),
                RowTable.OTEL_SERIES).get(0);

        assertEquals("[\"a\\\"b\",7,true]", row.get("tag_values").get(0).asText());
        assertEquals("0.5", row.get("tag_values").get(1).asText());
    }

    @Test
    void aSeriesGetsOneRowAnHourOnceItsRowIsStored() throws Exception {
        long hourBefore = NOW_NANOS - 3600 * 1_000_000_000L;
        Metric twoPoints = gauge("g", doublePoint(1, NOW_NANOS, attribute("a", "1")), doublePoint(2, NOW_NANOS + 1, attribute("a", "1")));

        OtlpPoints.Converted first = convert(export("s", List.of(), twoPoints));
        assertEquals(1, rows(first, RowTable.OTEL_SERIES).size(), "two points of one series in one hour: one series row");
        assertEquals(1, rows(convert(export("s", List.of(), twoPoints)), RowTable.OTEL_SERIES).size(),
                "not remembered before the export is durable");

        seriesLog.remember(first.newSeries(), first.generation());
        OtlpPoints.Converted again = convert(export("s", List.of(), twoPoints));
        assertEquals(List.of(), rows(again, RowTable.OTEL_SERIES));
        assertEquals(Set.of(), again.newSeries());
        assertEquals(2, rows(again, RowTable.OTEL_GAUGE).size());
        assertEquals(1, rows(convert(export("s", List.of(), gauge("g", doublePoint(1, hourBefore, attribute("a", "1"))))), RowTable.OTEL_SERIES).size(),
                "another hour's points get the series' row of that hour");
    }

    @Test
    void aPointsExemplarsGoToTheirOwnRow() throws Exception {
        NumberDataPoint withExemplar = doublePoint(1, NOW_NANOS).toBuilder().addExemplars(Exemplar.newBuilder().setTimeUnixNano(NOW_NANOS - 5)
                .setAsInt(7).setTraceId(ByteString.copyFrom(new byte[] { 1, 2 })).setSpanId(ByteString.copyFrom(new byte[] { 10 }))
                .addFilteredAttributes(attribute("user", "u1"))).build();

        OtlpPoints.Converted converted = convert(export("s", List.of(), gauge("g", withExemplar)));

        JsonNode point = rows(converted, RowTable.OTEL_GAUGE).get(0);
        assertEquals(List.of(), fieldsOf(point, "exemplar_times", "exemplar_values"));
        JsonNode exemplars = rows(converted, RowTable.OTEL_EXEMPLARS).get(0);
        assertEquals(point.get("point_id"), exemplars.get("point_id"));
        assertEquals(point.get("series_id"), exemplars.get("series_id"));
        assertEquals(point.get("time_unix_nano"), exemplars.get("time_unix_nano"));
        assertEquals("[7.0]", exemplars.get("exemplar_values").toString());
        assertEquals("[\"0102\"]", exemplars.get("exemplar_trace_ids").toString());
        assertEquals("[\"0a\"]", exemplars.get("exemplar_span_ids").toString());
        assertEquals("[[\"u1\"]]", exemplars.get("exemplar_attr_values").toString());
    }
}
