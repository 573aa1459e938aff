package io.netra.analytics.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Explicit-bucket histograms: per bucket and group, the points' counts merged (for cumulative series, each point's
 * increase over the previous one, as for counters, bucket by bucket), and p50/p95/p99 estimated from the merged
 * buckets ({@link BucketQuantiles}). Points with other bounds cannot be merged with them: a bucket's percentiles come
 * from the bounds that hold most of its observations, its count and sum from all.
 */
final class HistogramSummary {

    private HistogramSummary() {
    }

    static String sql(Selection selection) {
        String points = selection.withTop(selection.points(MetricType.HISTOGRAM, "series_id, time_unix_nano AS t, start_time_unix_nano AS st,"
                + " temporality AS tmp, toInt64(count) AS c, ifNull(sum, 0) AS s, isNotNull(sum) AS hs,"
                + " arrayMap(x -> toInt64(x), bucket_counts) AS bc, explicit_bounds AS eb, min AS mn, max AS mx"));
        String series = "SELECT " + selection.seriesGroups() + "arraySort(groupArray((t, c, s, st, tmp, bc, eb, mn, mx, hs))) AS pts FROM ("
                + points + ") GROUP BY series_id";
        String from = selection.fromNanos();
        String reset = "(st != pst OR c < pc OR eb != peb)";
        String increase = "if(tmp = 1, %1$s, if(i = 1, if(st >= " + from + ", %1$s, %3$s), if(" + reset + ", %1$s, %2$s)))";
        String arrays = "SELECT " + selection.groupsPassed()
                + "arrayMap(x -> x.1, pts) AS ts, arrayMap(x -> x.2, pts) AS cs, arrayMap(x -> x.3, pts) AS ss, arrayMap(x -> x.4, pts) AS sts,"
                + " arrayMap(x -> x.5, pts) AS tmps, arrayMap(x -> x.6, pts) AS bcs, arrayMap(x -> x.7, pts) AS ebs,"
                + " arrayMap(x -> x.8, pts) AS mns, arrayMap(x -> x.9, pts) AS mxs, arrayMap(x -> x.10, pts) AS hss FROM (" + series + ")";
        String increases = "SELECT " + selection.groupsPassed() + "arrayJoin(arrayMap((tm, c, pc, s, ps, st, pst, tmp, bc, pbc, eb, peb, mn, mx, hs, i) -> (tm, "
                + String.format(increase, "c", "c - pc", "0") + ", " + String.format(increase, "s", "s - ps", "0") + ", "
                + String.format(increase, "bc", "arrayMap((a, b) -> a - b, bc, arrayResize(pbc, length(bc)))", "arrayMap(x -> toInt64(0), bc)")
                + ", eb, mn, mx, hs), ts, cs, " + shifted("cs") + ", ss, " + shifted("ss") + ", sts, " + shifted("sts") + ", tmps, bcs, "
                + shifted("bcs") + ", ebs, " + shifted("ebs") + ", mns, mxs, hss, arrayEnumerate(ts))) AS point FROM (" + arrays + ")";
        return "SELECT " + selection.groupOutput() + selection.bucket("intDiv(point.1, 1000000)") + " AS bucket, point.5 AS bounds,"
                + " sum(point.2) AS count, sum(point.3) AS sum, sumForEach(point.4) AS counts, min(point.6) AS min, max(point.7) AS max,"
                + " max(point.8) AS has_sum FROM (" + increases + ") GROUP BY " + selection.groupByOutput() + "bucket, bounds ORDER BY bucket";
    }

    /** {@code known} and {@code value} combined by {@code pick}, either of them when the other is absent. */
    private static Double either(Double known, JsonNode value, DoubleBinaryOperator pick) {
        if (value.isNull()) {
            return known;
        }
        return known == null ? value.asDouble() : pick.applyAsDouble(known, value.asDouble());
    }

    /** {@code array} moved one place on, its first element repeated: each point beside the one before it. */
    static String shifted(String array) {
        return "arrayPushFront(arrayPopBack(" + array + "), " + array + "[1])";
    }

    static List<SummarySeries> series(List<JsonNode> rows, Grouping grouping) {
        Map<SeriesAssembly.Group, Map<Long, List<JsonNode>>> byBucket = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            byBucket.computeIfAbsent(SeriesAssembly.groupOf(row, grouping), ignored -> new LinkedHashMap<>())
                    .computeIfAbsent(row.get("bucket").asLong(), ignored -> new ArrayList<>()).add(row);
        }
        List<SeriesAssembly.Keyed> buckets = new ArrayList<>();
        byBucket.forEach((group, bucketRows) -> bucketRows.forEach((start, parts) -> buckets.add(new SeriesAssembly.Keyed(group, merged(start, parts)))));
        return SeriesAssembly.of(buckets, grouping);
    }

    private static SummaryBucket merged(long start, List<JsonNode> parts) {
        long count = 0;
        double sum = 0;
        boolean hasSum = false;
        Double min = null;
        Double max = null;
        JsonNode widest = parts.get(0);
        for (JsonNode part : parts) {
            count += part.get("count").asLong();
            sum += part.get("sum").asDouble();
            hasSum |= part.get("has_sum").asInt() == 1;
            min = either(min, part.get("min"), Math::min);
            max = either(max, part.get("max"), Math::max);
            if (part.get("count").asLong() > widest.get("count").asLong()) {
                widest = part;
            }
        }
        List<Double> bounds = new ArrayList<>();
        widest.get("bounds").forEach(bound -> bounds.add(bound.asDouble()));
        List<Long> counts = new ArrayList<>();
        widest.get("counts").forEach(bucketCount -> counts.add(bucketCount.asLong()));
        BucketQuantiles quantiles = new BucketQuantiles(bounds, counts, min, max);
        return SummaryBucket.distribution(Instant.ofEpochMilli(start), count, hasSum ? sum : null, min, max,
                quantiles.quantile(0.5), quantiles.quantile(0.95), quantiles.quantile(0.99));
    }
}
