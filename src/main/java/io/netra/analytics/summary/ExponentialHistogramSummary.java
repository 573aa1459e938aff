package io.netra.analytics.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.clickhouse.SqlLiterals;
import io.netra.analytics.problem.ProblemException;

/**
 * Exponential histograms: the points come back in series and time order, and their buckets are merged here, since
 * points of one series may change scale (an SDK halves its resolution to fit a wider range) and merging means
 * bringing each pair to a common scale. A cumulative series contributes each point's increase over the previous
 * one (runs as for counters); the buckets of a group's series are merged per time bucket, and p50/p95/p99 estimated.
 */
final class ExponentialHistogramSummary {

    private ExponentialHistogramSummary() {
    }

    static String sql(Selection selection, int maxPoints) {
        String points = selection.withTop(selection.points(MetricType.EXPONENTIAL_HISTOGRAM, "series_id, time_unix_nano AS t,"
                + " start_time_unix_nano AS st, temporality AS tmp, count, sum, min, max, scale, zero_count, positive_offset,"
                + " positive_bucket_counts, negative_offset, negative_bucket_counts, " + selection.bucket("event_time_ms") + " AS bucket"));
        // one more than allowed tells that the range holds too many
        return "SELECT " + selection.groupOutput() + "series_id, t, st, tmp, count, sum, min, max, scale, zero_count, positive_offset,"
                + " positive_bucket_counts, negative_offset, negative_bucket_counts, bucket FROM (" + points + ") ORDER BY series_id, t LIMIT "
                + SqlLiterals.integer(maxPoints + 1L);
    }

    /** What a time bucket of a group gathers. */
    private static final class Gathered {
        ExponentialBuckets buckets;
        long count;
        double sum;
        boolean hasSum;
        Double min;
        Double max;
    }

    static List<SummarySeries> series(List<JsonNode> rows, Selection selection, int maxPoints) {
        if (rows.size() > maxPoints) {
            throw ProblemException.status(422, "Unprocessable Content", "The range holds more than " + maxPoints
                    + " exponential histogram points (netra.query.max-histogram-points); narrow the range or the tag filter.");
        }
        long fromNanos = selection.range().fromMillis() * 1_000_000L;
        Map<SeriesAssembly.Group, Map<Long, Gathered>> byBucket = new LinkedHashMap<>();
        String series = null;
        JsonNode previous = null;
        for (JsonNode row : rows) {
            if (!row.get("series_id").asText().equals(series)) {
                series = row.get("series_id").asText();
                previous = null;
            }
            Gathered gathered = byBucket.computeIfAbsent(SeriesAssembly.groupOf(row, selection.grouping()), ignored -> new LinkedHashMap<>())
                    .computeIfAbsent(row.get("bucket").asLong(), ignored -> new Gathered());
            add(gathered, row, previous, fromNanos);
            previous = row;
        }
        List<SeriesAssembly.Keyed> buckets = new ArrayList<>();
        byBucket.forEach((group, gathered) -> gathered.forEach((start, bucket) -> buckets.add(new SeriesAssembly.Keyed(group,
                SummaryBucket.distribution(Instant.ofEpochMilli(start), bucket.count, bucket.hasSum ? bucket.sum : null, bucket.min, bucket.max,
                        quantile(bucket, 0.5), quantile(bucket, 0.95), quantile(bucket, 0.99))))));
        return SeriesAssembly.of(buckets, selection.grouping());
    }

    private static Double quantile(Gathered bucket, double q) {
        return bucket.buckets == null ? null : bucket.buckets.quantile(q, bucket.min, bucket.max);
    }

    /** The row's contribution: itself (delta, a new run) or its increase over the previous point of its run. */
    private static void add(Gathered gathered, JsonNode row, JsonNode previous, long fromNanos) {
        boolean delta = row.get("tmp").asInt() == 1;
        boolean newRun = previous == null || previous.get("st").asLong() != row.get("st").asLong()
                || previous.get("count").asLong() > row.get("count").asLong();
        if (!delta && previous == null && Long.compareUnsigned(row.get("st").asLong(), fromNanos) < 0) {
            return; // the baseline: its run began before the range
        }
        ExponentialBuckets increase = buckets(row);
        long count = row.get("count").asLong();
        double sum = row.get("sum").asDouble();
        if (!delta && !newRun) {
            increase.add(buckets(previous), -1);
            count -= previous.get("count").asLong();
            sum -= previous.get("sum").asDouble();
        }
        if (gathered.buckets == null) {
            gathered.buckets = increase;
        } else {
            gathered.buckets.add(increase, 1);
        }
        gathered.count += count;
        gathered.sum += sum;
        gathered.hasSum |= !row.get("sum").isNull();
        if (!row.get("min").isNull()) {
            gathered.min = gathered.min == null ? row.get("min").asDouble() : Math.min(gathered.min, row.get("min").asDouble());
        }
        if (!row.get("max").isNull()) {
            gathered.max = gathered.max == null ? row.get("max").asDouble() : Math.max(gathered.max, row.get("max").asDouble());
        }
    }

    private static ExponentialBuckets buckets(JsonNode row) {
        return ExponentialBuckets.of(row.get("scale").asInt(), row.get("zero_count").asLong(), row.get("positive_offset").asInt(),
                longs(row.get("positive_bucket_counts")), row.get("negative_offset").asInt(), longs(row.get("negative_bucket_counts")));
    }

    private static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }
}
