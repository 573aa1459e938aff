package io.netra.analytics.query;

import static io.netra.analytics.otlp.OtlpData.attribute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netra.analytics.otlp.OtlpData;
import io.netra.analytics.support.Api;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * What a summary answers for each type, each number computed here from the points sent: counters as increases and
 * rates across resets, up-down sums as levels, histograms and exponential histograms as estimated percentiles from
 * their buckets (cumulative points differenced), summaries as sent; grouped by a tag and filtered.
 */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class TypedSummaryTest extends RealServersTest {

    private static final long SECOND = 1_000_000_000L;

    private final String user = "typed-" + UUID.randomUUID();
    /** Three whole minutes, an hour ago. */
    private final long minute = Instant.now().minusSeconds(3600).toEpochMilli() / 60_000 * 60_000;
    private final long base = minute * 1_000_000L;

    private void export(Metric... metrics) {
        ExportMetricsServiceRequest request = OtlpData.export("typed", List.of(), metrics);
        given().auth().oauth2(Tokens.forUser(user)).contentType("application/x-protobuf").body(request.toByteArray())
                .post("/v1/metrics").then().statusCode(200);
    }

    private JsonPath summary(String metric, String extra) {
        return JsonPath.from(summaryText(metric, extra)).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private String summaryText(String metric, String extra) {
        return given().auth().oauth2(Tokens.forUser(user))
                .get("/api/v1/metrics/summary?metric=" + metric + "&interval=1m&from=" + minute + "&to=" + (minute + 180_000) + extra)
                .then().statusCode(200).extract().asString();
    }

    private static NumberDataPoint point(long start, long time, double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time).setAsDouble(value)
                .addAllAttributes(List.of(attributes)).build();
    }

    private static Metric sum(String name, boolean monotonic, AggregationTemporality temporality, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setSum(Sum.newBuilder().setIsMonotonic(monotonic).setAggregationTemporality(temporality)
                .addAllDataPoints(List.of(points))).build();
    }

    @Test
    void aCounterAnswersIncreasesAndRatesAcrossRestartsPerHostAndInAll() {
        KeyValue h1 = attribute("host", "h1");
        KeyValue h2 = attribute("host", "h2");
        long before = base - 600 * SECOND;
        export(sum("requests", true, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                // h1 began before the range: its first point is the baseline
                point(before, base + 5 * SECOND, 100, h1), point(before, base + 35 * SECOND, 130, h1),
                point(before, base + 65 * SECOND, 150, h1),
                // h1 restarts: a new start time, counting from 0
                point(base + 80 * SECOND, base + 95 * SECOND, 7, h1), point(base + 80 * SECOND, base + 125 * SECOND, 17, h1),
                // h2 began inside the range: its first value is an increase; then a drop with the same start time
                point(base + 2 * SECOND, base + 10 * SECOND, 5, h2), point(base + 2 * SECOND, base + 70 * SECOND, 3, h2),
                point(base + 2 * SECOND, base + 130 * SECOND, 9, h2)));

        JsonPath whole = summary("requests", "");
        assertEquals("sum", whole.getString("type"));
        assertEquals(List.of(35.0, 30.0, 16.0), whole.getList("buckets.increase"));
        assertEquals(35 / 60.0, whole.getDouble("buckets[0].rate"), 1e-6);

        JsonPath byHost = summary("requests", "&groupBy=host");
        assertEquals(List.of(), byHost.getList("buckets"));
        assertEquals("h1", byHost.getString("series[0].group.host"), "the group with most points first");
        assertEquals(List.of(30.0, 27.0, 10.0), byHost.getList("series[0].buckets.increase"));
        assertEquals(List.of(5.0, 3.0, 6.0), byHost.getList("series[1].buckets.increase"));

        assertEquals(List.of(5.0, 3.0, 6.0), summary("requests", "&tag.host=h2").getList("buckets.increase"));
        assertEquals(List.of(5.0, 3.0, 6.0), summary("requests", "&tag.host!=h1").getList("buckets.increase"));
        assertEquals(List.of(), summary("requests", "&tag.zone=a").getList("buckets"), "an unknown key matches nothing");
    }

    @Test
    void aDeltaCounterIsSummedAndAnUpDownSumAnswersItsLatestLevelSummedOverSeries() {
        export(sum("jobs", true, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                point(base, base + 10 * SECOND, 3), point(base, base + 50 * SECOND, 4), point(base, base + 70 * SECOND, 5)),
                sum("connections", false, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                        point(base, base + 10 * SECOND, 8, attribute("host", "a")), point(base, base + 50 * SECOND, 6, attribute("host", "a")),
                        point(base, base + 20 * SECOND, 2, attribute("host", "b")), point(base, base + 80 * SECOND, 4, attribute("host", "b"))));

        assertEquals(List.of(7.0, 5.0), summary("jobs", "").getList("buckets.increase"));
        JsonPath connections = summary("connections", "");
        assertEquals(List.of(8.0, 4.0), connections.getList("buckets.last", Double.class), "6 + 2 in the first minute, 4 in the second");
        assertFalse(summaryText("connections", "").contains("increase"), "a bucket holds its type's fields only");
    }

    /** Prometheus's histogram_quantile over explicit buckets: lower bound 0 below a positive first bound, no min or max sent. */
    private static double histogramQuantile(double q, double[] bounds, long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        double rank = q * total;
        long below = 0;
        int i = 0;
        while (below + counts[i] < rank) {
            below += counts[i++];
        }
        double lower = i == 0 ? 0 : bounds[i - 1];
        double upper = bounds[i];
        return lower + (upper - lower) * (rank - below) / counts[i];
    }

    @Test
    void aCumulativeHistogramAnswersPercentilesFromTheIncreaseOfItsBuckets() {
        double[] bounds = { 10, 20, 50 };
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setStartTimeUnixNano(base - 600 * SECOND).addAllExplicitBounds(List.of(10.0, 20.0, 50.0));
        export(Metric.newBuilder().setName("latency").setUnit("ms").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(point.clone().setTimeUnixNano(base + 5 * SECOND).setCount(2).setSum(25).addAllBucketCounts(List.of(1L, 1L, 0L, 0L)))
                .addDataPoints(point.clone().setTimeUnixNano(base + 40 * SECOND).setCount(6).setSum(95).addAllBucketCounts(List.of(3L, 2L, 1L, 0L)))
                .addDataPoints(point.clone().setTimeUnixNano(base + 70 * SECOND).setCount(9).setSum(200).addAllBucketCounts(List.of(3L, 4L, 1L, 1L))))
                .build());

        JsonPath latency = summary("latency", "");

        assertEquals("histogram", latency.getString("type"));
        assertEquals("ms", latency.getString("unit"));
        assertEquals(List.of(4, 3), latency.getList("buckets.count"));
        assertEquals(List.of(70.0, 105.0), latency.getList("buckets.sum"));
        assertEquals(17.5, latency.getDouble("buckets[0].avg"), 1e-6);
        long[] first = { 2, 1, 1, 0 };
        assertEquals(histogramQuantile(0.5, bounds, first), latency.getDouble("buckets[0].p50"), 1e-9);
        assertEquals(histogramQuantile(0.95, bounds, first), latency.getDouble("buckets[0].p95"), 1e-9);
        assertEquals(histogramQuantile(0.99, bounds, first), latency.getDouble("buckets[0].p99"), 1e-9);
        assertEquals(50.0, latency.getDouble("buckets[1].p99"), 1e-9, "in the overflow bucket without a max: the last bound");
    }

    @Test
    void anExponentialHistogramMergesItsBucketsAtTheCoarserScale() {
        ExponentialHistogramDataPoint.Builder point = ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(base);
        export(Metric.newBuilder().setName("sizes").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                // scale 0 (base 2): buckets (1,2], (2,4], (4,8]; and scale 1 (base sqrt 2): bucket 2 is (2, 2.83], which
                // merges into (2,4] at scale 0
                .addDataPoints(point.clone().setTimeUnixNano(base + 10 * SECOND).setScale(0).setCount(5).setZeroCount(1).setSum(12)
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addAllBucketCounts(List.of(1L, 2L, 1L))))
                .addDataPoints(point.clone().setTimeUnixNano(base + 20 * SECOND).setScale(1).setCount(1).setSum(2.5)
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(2).addBucketCounts(1))))
                .build());

        JsonPath sizes = summary("sizes", "");

        assertEquals(6, sizes.getInt("buckets[0].count"));
        // zero 1, (1,2] 1, (2,4] 3, (4,8] 1: rank 3 of 6 lies in (2,4], at (3 - 2) / 3 of it
        assertEquals(2 + 2 * (1 / 3.0), sizes.getDouble("buckets[0].p50"), 1e-9);
        assertEquals(4 + 4 * (5.94 - 5), sizes.getDouble("buckets[0].p99"), 1e-9);
    }

    @Test
    void aSummaryAnswersItsLatestQuantilesAsSent() {
        SummaryDataPoint.Builder point = SummaryDataPoint.newBuilder().setStartTimeUnixNano(base);
        export(Metric.newBuilder().setName("gc.pause").setSummary(Summary.newBuilder()
                .addDataPoints(point.clone().setTimeUnixNano(base + 10 * SECOND).setCount(10).setSum(5)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(1)))
                .addDataPoints(point.clone().setTimeUnixNano(base + 50 * SECOND).setCount(20).setSum(9)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(2))))
                .build());

        JsonPath pause = summary("gc.pause", "");

        assertEquals("summary", pause.getString("type"));
        assertEquals(20, pause.getInt("buckets[0].count"));
        assertEquals(2.0, pause.getDouble("buckets[0].quantiles[0].value"));
    }

    @Test
    void eventsAndGaugesAreValuesFilteredAndGroupedByTagsWithTheRestAsOther() {
        String events = "[" + String.join(",", List.of(
                "{\"metric\":\"checkout\",\"value\":10,\"timestamp\":" + (minute + 1000) + ",\"tags\":{\"endpoint\":\"/a\",\"host\":\"x\"}}",
                "{\"metric\":\"checkout\",\"value\":20,\"timestamp\":" + (minute + 2000) + ",\"tags\":{\"endpoint\":\"/a\",\"host\":\"y\"}}",
                "{\"metric\":\"checkout\",\"value\":30,\"timestamp\":" + (minute + 3000) + ",\"tags\":{\"endpoint\":\"/b\",\"host\":\"x\"}}",
                "{\"metric\":\"checkout\",\"value\":40,\"timestamp\":" + (minute + 4000) + ",\"tags\":{\"endpoint\":\"/c\",\"host\":\"z\"}}")) + "]";
        Api.postEvents(user, events).statusCode(202);
        // the same name over OTLP, as a gauge: one metric whichever door it came through
        export(Metric.newBuilder().setName("checkout").setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                .addDataPoints(point(0, base + 5 * SECOND, 50, attribute("endpoint", "/a"), attribute("host", "y")))).build());

        JsonPath all = summary("checkout", "");
        assertEquals(5, all.getInt("buckets[0].count"));
        assertEquals(30.0, all.getDouble("buckets[0].avg"));
        assertTrue(summaryText("checkout", "").contains("\"avg\":30,\"min\":10,\"max\":50,"), "ClickHouse's numbers, not doubles printed again");

        JsonPath slashA = summary("checkout", "&tag.endpoint=/a&groupBy=host");
        assertEquals(List.of("y", "x"), List.of(slashA.getString("series[0].group.host"), slashA.getString("series[1].group.host")));
        assertEquals(35.0, slashA.getDouble("series[0].buckets[0].avg"), "20 and 50 on host y");

        JsonPath topOne = summary("checkout", "&groupBy=endpoint&limit=1");
        assertEquals("/a", topOne.getString("series[0].group.endpoint"));
        assertEquals(3, topOne.getInt("series[0].buckets[0].count"));
        assertEquals(true, topOne.getBoolean("series[1].other"));
        assertEquals(2, topOne.getInt("series[1].buckets[0].count"), "/b and /c summed");
        JsonPath aOrBOnX = summary("checkout", "&tag.endpoint=/a&tag.endpoint=/b&tag.host=x");
        assertEquals(List.of(10.0, 30.0), List.of(aOrBOnX.getDouble("buckets[0].min"), aOrBOnX.getDouble("buckets[0].max")));

        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/metrics/names").then().statusCode(200)
                .body("metrics.find { it.name == 'checkout' }.type", equalTo("gauge"))
                .body("metrics.find { it.name == 'checkout' }.count", equalTo(5))
                .body("metrics.find { it.name == 'checkout' }.tags.find { it.key == 'host' }.distinctValues", equalTo(3));
    }

    @Test
    void filtersMatchAsDocumentedAndAnotherUsersGroupsNeverAppear() {
        Api.postEvents(user, "[" + String.join(",", List.of(
                "{\"metric\":\"disk\",\"value\":1,\"timestamp\":" + (minute + 1000) + ",\"tags\":{\"host\":\"x\",\"env\":\"a,b\"}}",
                "{\"metric\":\"disk\",\"value\":2,\"timestamp\":" + (minute + 2000) + ",\"tags\":{\"host\":\"y\"}}",
                "{\"metric\":\"disk\",\"value\":3,\"timestamp\":" + (minute + 3000) + "}")) + "]").statusCode(202);
        String other = "typed-other-" + UUID.randomUUID();
        Api.postEvents(other, "[{\"metric\":\"disk\",\"value\":100,\"timestamp\":" + (minute + 4000)
                + ",\"tags\":{\"host\":\"intruder\"}}]").statusCode(202);

        assertEquals(List.of(), summary("disk", "&tag.nope=x").getList("buckets"), "a key no row has matches nothing");
        assertEquals(List.of(2.0, 3.0), List.of(summary("disk", "&tag.host!=x").getDouble("buckets[0].min"),
                summary("disk", "&tag.host!=x").getDouble("buckets[0].max")), "an exclusion keeps the rows without the key");
        assertEquals(1, summary("disk", "&tag.env=a,b").getInt("buckets[0].count"), "a value with a comma is one value");
        assertEquals(List.of(), summary("disk", "&tag.env=a").getList("buckets"));

        JsonPath byHost = summary("disk", "&groupBy=host");
        assertEquals(List.of("", "x", "y"), byHost.getList("series.group.host").stream().sorted().toList(),
                "the rows without the key are the group with the empty value; the other user's host is not there");
        assertEquals(3, byHost.getList("series").size());
    }
}
